namespace Grok2Api.Simulator.Chat;

/// <summary>
/// Scripted answers for conversations/new, consumed one per request in queue order; a null token
/// matches any caller. Requests without a script get the default answer. Thread-safe.
/// </summary>
public sealed class ChatScriptQueue
{
    private readonly Lock _lock = new();
    private readonly List<(string? Token, ChatScript Script)> _queue = [];
    private Func<ChatRequestInfo, string>? _answerFactory;
    private Func<ChatRequestInfo, string>? _thinkingFactory;

    /// <summary>The answer of unscripted chats. Default: <c>You said: &lt;message&gt;</c>.</summary>
    public Func<ChatRequestInfo, string> AnswerFactory
    {
        get => _answerFactory ?? DefaultAnswer;
        set => _answerFactory = value;
    }

    /// <summary>The reasoning text of unscripted chats in thinking modes.</summary>
    public Func<ChatRequestInfo, string> ThinkingFactory
    {
        get => _thinkingFactory ?? DefaultThinking;
        set => _thinkingFactory = value;
    }

    /// <summary>Scripts waiting to be used.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The default answer: a tool call or an answer from a tool's result when the prompt describes tools (<see cref="ToolAnswers"/>), otherwise <c>You said: &lt;message&gt;</c>.</summary>
    public static string DefaultAnswer(ChatRequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ToolAnswers.Answer(request.Message) ?? $"You said: {request.Message}";
    }

    /// <summary>The default reasoning text.</summary>
    public static string DefaultThinking(ChatRequestInfo request) => "Thinking about the request.";

    /// <summary>Queues <paramref name="script"/> for the next chat of <paramref name="token"/> (null: of any token).</summary>
    public void Enqueue(string? token, ChatScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        lock (_lock)
        {
            _queue.Add((token, script));
        }
    }

    /// <summary>Drops queued scripts and restores the default answer and thinking text.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
            _answerFactory = null;
            _thinkingFactory = null;
        }
    }

    /// <summary>The script this request answers with: a queued one, else <paramref name="fallback"/>, else the default answer.</summary>
    internal ChatScript ScriptFor(ChatRequestInfo request, ChatScript? fallback = null)
    {
        lock (_lock)
        {
            var index = _queue.FindIndex(e => e.Token is null || e.Token == request.Token);
            if (index >= 0)
            {
                var script = _queue[index].Script;
                _queue.RemoveAt(index);
                return script;
            }
        }

        return fallback ?? ChatScript.Answer(AnswerFactory(request), request.IsThinking ? ThinkingFactory(request) : null);
    }
}
