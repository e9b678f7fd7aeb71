namespace Grok2Api.Simulator.Chat;

/// <summary>Values a <see cref="ChatLine"/> may need when it is rendered for one request.</summary>
public sealed class ChatLineContext
{
    private bool _llmInfoSent;

    internal ChatLineContext(ChatRequestInfo request, string conversationId, string responseId, string userResponseId, string modelHash, DateTimeOffset now)
    {
        Request = request;
        ConversationId = conversationId;
        ResponseId = responseId;
        UserResponseId = userResponseId;
        ModelHash = modelHash;
        Now = now;
    }

    /// <summary>The parsed chat request.</summary>
    public ChatRequestInfo Request { get; }

    /// <summary>The id of the new conversation.</summary>
    public string ConversationId { get; }

    /// <summary>The assistant response id carried by token lines and <c>modelResponse</c>.</summary>
    public string ResponseId { get; }

    /// <summary>The id of the echoed user turn (<c>userResponse.responseId</c>).</summary>
    public string UserResponseId { get; }

    /// <summary>The <c>llmInfo.modelHash</c> value.</summary>
    public string ModelHash { get; }

    /// <summary>When the stream started.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>ISO-8601 time stamp in the service's style.</summary>
    public string CreateTime => Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True the first time it is called: only the first response line carries <c>llmInfo</c>.</summary>
    internal bool TakeLlmInfo()
    {
        if (_llmInfoSent)
        {
            return false;
        }

        _llmInfoSent = true;
        return true;
    }
}
