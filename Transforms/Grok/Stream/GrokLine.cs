using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// One parsed upstream chat line. The instance belongs to its <see cref="GrokLineParser"/> and is
/// overwritten by the next <c>GrokLineParser.Parse</c>: read what you need before parsing again.
/// Token lines are parsed without allocating (the text is unescaped into a pooled UTF-8 buffer and the
/// repeated <c>responseId</c>, <c>messageTag</c> and model hash strings are reused).
/// </summary>
public sealed class GrokLine
{
    private readonly PooledBuffer _token;

    internal GrokLine(PooledBuffer token) => _token = token;

    /// <summary>What the line carries.</summary>
    public GrokLineParts Parts { get; internal set; }

    /// <summary>The token text as UTF-8 (unescaped); empty when the line has no token. Valid until the next parse.</summary>
    public ReadOnlySpan<byte> Token => _token.WrittenSpan;

    /// <summary><c>isThinking</c>: the token (or image progress) is reasoning.</summary>
    public bool IsThinking { get; internal set; }

    /// <summary><c>isSoftStop</c>.</summary>
    public bool IsSoftStop { get; internal set; }

    /// <summary><c>messageTag</c> (e.g. <c>final</c>, <c>analysis</c>, <c>header</c>, <c>tool_usage_card</c>); null when absent.</summary>
    public string? MessageTag { get; internal set; }

    /// <summary><c>responseId</c> of the line (or of its <c>modelResponse</c>); null when absent.</summary>
    public string? ResponseId { get; internal set; }

    /// <summary><c>llmInfo.modelHash</c> or <c>modelResponse.metadata.llm_info.modelHash</c>; null when absent.</summary>
    public string? ModelHash { get; internal set; }

    /// <summary>In-chat image progress; null unless <see cref="GrokLineParts.ImageProgress"/>.</summary>
    public GrokImageProgress? ImageProgress { get; internal set; }

    /// <summary>The streamed card; null unless <see cref="GrokLineParts.Card"/>.</summary>
    public GrokCard? Card { get; internal set; }

    /// <summary>The final envelope; null unless <see cref="GrokLineParts.ModelResponse"/>.</summary>
    public GrokModelResponse? ModelResponse { get; internal set; }

    /// <summary>Video progress; null unless <see cref="GrokLineParts.VideoProgress"/>.</summary>
    public GrokVideoProgress? VideoProgress { get; internal set; }

    /// <summary>Web search results; empty unless <see cref="GrokLineParts.WebSearch"/>.</summary>
    public IReadOnlyList<GrokWebSearchResult> WebSearchResults { get; internal set; } = [];

    /// <summary>The in-stream error; null unless <see cref="GrokLineParts.Error"/>.</summary>
    public GrokStreamError? Error { get; internal set; }

    /// <summary>
    /// True when the line carries something a client will see: a token of either kind, image progress,
    /// a card, or a final envelope with a message, images or cards; never for an error line. The
    /// orchestrator commits the response on the first such line and may retry on errors before it.
    /// </summary>
    public bool HasVisibleOutput
    {
        get
        {
            if ((Parts & GrokLineParts.Error) != 0)
            {
                return false;
            }

            if ((Parts & (GrokLineParts.Token | GrokLineParts.ThinkingToken | GrokLineParts.ImageProgress | GrokLineParts.Card)) != 0)
            {
                return true;
            }

            return ModelResponse is { } model
                && (model.Message.Length > 0 || model.GeneratedImageUrls.Count > 0 || model.Cards.Count > 0);
        }
    }

    /// <summary>True when the line carries <paramref name="part"/>.</summary>
    /// <param name="part">One flag.</param>
    public bool Has(GrokLineParts part) => (Parts & part) == part && part != GrokLineParts.None;

    internal PooledBuffer TokenBuffer => _token;

    internal void Reset()
    {
        Parts = GrokLineParts.None;
        _token.Clear();
        IsThinking = false;
        IsSoftStop = false;
        MessageTag = null;
        ResponseId = null;
        ModelHash = null;
        ImageProgress = null;
        Card = null;
        ModelResponse = null;
        VideoProgress = null;
        WebSearchResults = [];
        Error = null;
    }
}
