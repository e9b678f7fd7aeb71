using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// Video through conversations/new (docs/grok-protocol.md §12.2–12.3): <c>toolOverrides.videoGen</c> and
/// <c>modelMap.videoGenModelConfig</c> (<c>aspectRatio</c>, <c>parentPostId</c> of a created post,
/// <c>resolutionName</c>, <c>videoLength</c>). The default stream sends <c>streamingVideoGenerationResponse</c> lines
/// with rising progress and, per <see cref="VideoOutcome"/>, the finished video
/// <c>users/&lt;uid&gt;/generated/&lt;videoId&gt;/generated_video.mp4</c>.
/// </summary>
internal static class VideoTurn
{
    private const string ModeFlag = " --mode=";

    private static readonly string[] AspectRatios = ["16:9", "9:16", "3:2", "2:3", "1:1"];

    private static readonly string[] Resolutions = ["480p", "720p"];

    private static readonly int[] Lengths = [6, 10, 15];

    public static bool Matches(ChatRequestInfo request) =>
        JsonFields.Kind(request.Body["toolOverrides"], "videoGen") != JsonValueKind.Undefined
        || JsonFields.Kind(JsonFields.Child(JsonFields.Child(request.Body["responseMetadata"], "modelConfigOverride"), "modelMap"), "videoGenModelConfig")
            != JsonValueKind.Undefined;

    public static (Func<ChatScript>? Accept, string? Error) Parse(SimulatorState state, ChatRequestInfo request)
    {
        var (config, error) = MediaTurns.ModelMapConfig(request, "videoGen", "videoGenModelConfig");
        if (config is null)
        {
            return (null, error);
        }

        var aspectRatio = JsonFields.Text(config, "aspectRatio");
        var resolution = JsonFields.Text(config, "resolutionName");
        var parentPostId = JsonFields.Text(config, "parentPostId");
        int length = 0;
        var lengthOk = config["videoLength"] is JsonValue lengthValue && lengthValue.GetValueKind() == JsonValueKind.Number
            && lengthValue.TryGetValue(out length) && Lengths.Contains(length);
        var problem = !AspectRatios.Contains(aspectRatio) ? $"videoGenModelConfig.aspectRatio must be one of {string.Join(", ", AspectRatios)}"
            : !Resolutions.Contains(resolution) ? $"videoGenModelConfig.resolutionName must be one of {string.Join(", ", Resolutions)}"
            : !lengthOk ? "videoGenModelConfig.videoLength must be the integer 6, 10 or 15"
            : parentPostId is not { Length: > 0 } || state.MediaPosts.Find(parentPostId) is null
                ? $"videoGenModelConfig.parentPostId must name a post made by media/post/create, got '{parentPostId}'"
            : null;
        if (problem is not null)
        {
            return (null, problem);
        }

        var settings = new VideoSettings(aspectRatio!, parentPostId!, resolution!, length);
        return (() => Accept(state, request, settings), null);
    }

    private static ChatScript Accept(SimulatorState state, ChatRequestInfo request, VideoSettings settings)
    {
        var outcome = state.Videos.TakeOutcome(request.Token);
        var videoId = state.Ids.Next();
        var videoPostId = state.Ids.Next();
        var finished = outcome is VideoOutcome.Completed or VideoOutcome.UrlInFileAttachments;
        var videoUrl = finished ? MediaTurns.GeneratedPath(request.Token, videoId, "generated_video.mp4") : null;
        var thumbnail = finished ? MediaTurns.GeneratedPath(request.Token, videoId, "preview_image.jpg") : null;
        var (prompt, mode) = SplitMode(request.Message);
        state.Videos.Add(new VideoRequest(
            request.Token, request.Message, prompt, mode, request.ModelName, settings.AspectRatio, settings.ParentPostId,
            settings.ResolutionName, settings.VideoLength, outcome, videoId, videoPostId, videoUrl, thumbnail, state.Time.GetUtcNow()));

        var lines = new List<ChatLine> { ChatLine.Conversation(), ChatLine.UserResponse() };
        int[] steps = finished ? [1, 25, 50, 75] : [1, 25];
        lines.AddRange(steps.Select(p => ChatLine.StreamingVideo(p, videoId: videoId, videoPostId: videoPostId)));
        switch (outcome)
        {
            case VideoOutcome.Stall:
                lines.Add(ChatLine.Blank().After(Timeout.InfiniteTimeSpan));
                return new ChatScript(lines);
            case VideoOutcome.Moderated:
                lines.Add(ChatLine.StreamingVideo(100, videoId: videoId, moderated: true, videoPostId: videoPostId));
                lines.Add(ChatLine.ModelResponse(string.Empty));
                break;
            case VideoOutcome.UrlInFileAttachments:
                lines.Add(ChatLine.StreamingVideo(100, videoId: videoId, videoPostId: videoPostId, resolutionName: settings.ResolutionName));
                lines.Add(ChatLine.ModelResponseWithFileAttachments(string.Empty, videoUrl!));
                break;
            default:
                lines.Add(ChatLine.StreamingVideo(100, videoUrl, thumbnail, videoId, videoPostId: videoPostId, resolutionName: settings.ResolutionName));
                lines.Add(ChatLine.ModelResponse(string.Empty));
                break;
        }

        lines.Add(ChatLine.FinalMetadata());
        return new ChatScript(lines);
    }

    /// <summary>The prompt and the value of a trailing <c> --mode=…</c> flag (docs/grok-protocol.md §12.2), if any.</summary>
    internal static (string Prompt, string? Mode) SplitMode(string message)
    {
        var at = message.LastIndexOf(ModeFlag, StringComparison.Ordinal);
        return at < 0 ? (message, null) : (message[..at], message[(at + ModeFlag.Length)..].Trim());
    }

    private sealed record VideoSettings(string AspectRatio, string ParentPostId, string ResolutionName, int VideoLength);
}
