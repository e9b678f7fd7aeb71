namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>What one <see cref="ChatAnswerWriter"/> needs to know about its request.</summary>
public sealed record ChatAnswerOptions
{
    /// <summary>The <c>chatcmpl-…</c> id of every chunk (or of the completion); never changes during the response.</summary>
    public required string CompletionId { get; init; }

    /// <summary>The public model id the client asked for.</summary>
    public required string Model { get; init; }

    /// <summary><c>created</c>, in Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>True for SSE chunks, false for one <c>chat.completion</c> object.</summary>
    public bool Stream { get; init; }

    /// <summary>Where thinking text goes. The default is <see cref="ReasoningMode.ReasoningContent"/>.</summary>
    public ReasoningMode Reasoning { get; init; } = ReasoningMode.ReasoningContent;

    /// <summary><c>stream_options.include_usage</c>: in stream mode, send a last chunk with <c>usage</c>. Non-stream always has usage.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The flattened prompt, counted for <c>prompt_tokens</c> when usage is written (only then).</summary>
    public string? Prompt { get; init; }

    /// <summary><c>prompt_tokens</c> when already counted; wins over <see cref="Prompt"/>.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>How a finished video is shown (<c>app.video_format</c>): <c>html</c> (default), <c>url</c> or <c>markdown</c>.</summary>
    public string VideoFormat { get; init; } = Videos.VideoRendering.Html;
}
