namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// The answer settings of a chat completion, whichever model answers it (chat, image generation,
/// image edit, video): a fresh completion id, stream and reasoning from the request or, where it is
/// silent, from <c>app.stream</c>, <c>app.thinking</c> and <c>app.reasoning_format</c>, and the
/// <c>app.video_format</c> a video is rendered in.
/// </summary>
internal static class ChatAnswerSettings
{
    /// <summary>The settings of one answer.</summary>
    /// <param name="request">The chat request.</param>
    /// <param name="prompt">The prompt sent upstream (for the usage counts).</param>
    /// <param name="app">The app section.</param>
    /// <param name="time">The clock of <c>created</c>.</param>
    public static ChatAnswerOptions For(ChatCompletionRequest request, string prompt, AppSection app, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(time);
        var show = request.ReasoningEffort is { } effort ? effort != "none" : app.Thinking;
        var reasoning = !show
            ? ReasoningMode.Hidden
            : app.ReasoningFormat == "think_tags" ? ReasoningMode.ThinkTags : ReasoningMode.ReasoningContent;
        // The id names the answer and nothing is looked up by it, so it needs to be unique, not secret:
        // Random.Shared (seeded per thread from the system's entropy) spares every request a call into
        // the crypto library and its fork check, a system call (docs/benchmarks.md, "Chat: two calls less").
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        return new ChatAnswerOptions
        {
            CompletionId = "chatcmpl-" + Convert.ToHexStringLower(random),
            Model = request.Model,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = request.Stream ?? app.Stream,
            Reasoning = reasoning,
            IncludeUsage = request.IncludeUsage,
            Prompt = prompt,
            VideoFormat = app.VideoFormat,
        };
    }
}
