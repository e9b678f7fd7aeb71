using System.Text.Json.Nodes;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Grok.Video;

/// <summary>
/// The <c>conversations/new</c> body of a video (docs/grok-protocol.md §12.2): <c>modelName</c>
/// <c>grok-3</c>, <c>modelMode</c> null, <c>toolOverrides.videoGen</c>, no file attachments (the
/// reference image travels only as the parent post), and <c>modelMap.videoGenModelConfig</c>. Pure and
/// thread-safe.
/// </summary>
public static class GrokVideoPayload
{
    /// <summary>The upstream <c>modelName</c> of every video request.</summary>
    public const string ModelName = "grok-3";

    /// <summary>Builds the body.</summary>
    /// <param name="prompt">The flattened prompt (without the mode flag).</param>
    /// <param name="settings">The video parameters.</param>
    /// <param name="parentPostId">The media post the video hangs from.</param>
    /// <param name="temporary"><c>app.temporary</c>.</param>
    /// <param name="disableMemory"><c>app.disable_memory</c>.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] Build(string prompt, GrokVideoSettings settings, string parentPostId, bool temporary, bool disableMemory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new JsonObject
        {
            ["aspectRatio"] = settings.AspectRatio,
            ["parentPostId"] = parentPostId,
            ["resolutionName"] = settings.ResolutionName,
            ["videoLength"] = settings.VideoLength,
        };
        return GrokChatPayload.Build(new GrokChatPayloadOptions
        {
            Message = GrokVideoParameters.MessageOf(prompt, settings.Preset),
            ModelName = ModelName,
            ModelMode = null,
            Temporary = temporary,
            DisableMemory = disableMemory,
            ModelConfigOverride = new JsonObject { ["modelMap"] = new JsonObject { ["videoGenModelConfig"] = config } },
            ToolOverrides = new JsonObject { ["videoGen"] = true },
        });
    }
}
