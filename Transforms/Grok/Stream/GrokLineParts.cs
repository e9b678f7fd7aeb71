namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>What one upstream chat line carries (docs/grok-protocol.md §4.3). A line may carry several parts.</summary>
[Flags]
public enum GrokLineParts
{
    /// <summary>Nothing: a blank line, <c>[DONE]</c>, or a line that is not JSON (counted in <see cref="GrokLineParser.InvalidLines"/>).</summary>
    None = 0,

    /// <summary>Valid JSON that carries nothing shown: the conversation line, a title, the <c>userResponse</c> echo, an empty token, a soft stop.</summary>
    Metadata = 1 << 0,

    /// <summary>A non-empty answer token (<c>isThinking</c> false).</summary>
    Token = 1 << 1,

    /// <summary>A non-empty reasoning token (<c>isThinking</c> true).</summary>
    ThinkingToken = 1 << 2,

    /// <summary><c>streamingImageGenerationResponse</c>: in-chat image progress.</summary>
    ImageProgress = 1 << 3,

    /// <summary><c>cardAttachment</c> with a readable <c>jsonData</c>.</summary>
    Card = 1 << 4,

    /// <summary><c>modelResponse</c>: the final envelope.</summary>
    ModelResponse = 1 << 5,

    /// <summary><c>finalMetadata</c>, the last line of a turn.</summary>
    FinalMetadata = 1 << 6,

    /// <summary><c>streamingVideoGenerationResponse</c>: video progress or result.</summary>
    VideoProgress = 1 << 7,

    /// <summary><c>webSearchResults</c> with at least one result.</summary>
    WebSearch = 1 << 8,

    /// <summary>An in-stream error (see <see cref="GrokLine.Error"/>).</summary>
    Error = 1 << 9,
}
