using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.ImageEdit;
using Grok2Api.Simulator.Video;

namespace Grok2Api.Simulator.Media;

/// <summary>
/// Tells image-edit (docs/grok-protocol.md §13) and video (§12.2) requests of conversations/new apart from
/// plain chats and checks their model map. A valid media request yields a function that records it and
/// returns its default stream (used unless a chat script is queued).
/// </summary>
internal static class MediaTurns
{
    /// <summary>(null, null) for a plain chat; otherwise the accept function or why the request is refused.</summary>
    public static (Func<ChatScript>? Accept, string? Error) Parse(SimulatorState state, ChatRequestInfo request)
    {
        if (ImageEditTurn.Matches(request))
        {
            return ImageEditTurn.Parse(state, request);
        }

        return VideoTurn.Matches(request) ? VideoTurn.Parse(state, request) : (null, null);
    }

    /// <summary>
    /// <c>responseMetadata.modelConfigOverride.modelMap.&lt;configName&gt;</c>, after checking that
    /// <c>toolOverrides.&lt;tool&gt;</c> is true and <c>fileAttachments</c> is empty (media travel by URL or post).
    /// </summary>
    public static (JsonObject? Config, string? Error) ModelMapConfig(ChatRequestInfo request, string tool, string configName)
    {
        if (JsonFields.Kind(request.Body["toolOverrides"], tool) != JsonValueKind.True)
        {
            return (null, $"toolOverrides.{tool} must be true");
        }

        if (request.FileAttachments.Count > 0)
        {
            return (null, "fileAttachments must be empty: media go by URL (imageReferences) or by parentPostId");
        }

        var modelMap = JsonFields.Child(JsonFields.Child(request.Body["responseMetadata"], "modelConfigOverride"), "modelMap");
        return JsonFields.Child(modelMap, configName) is JsonObject config
            ? (config, null)
            : (null, $"responseMetadata.modelConfigOverride.modelMap.{configName} must be an object");
    }

    /// <summary>Where a generated file of <paramref name="token"/> lives: <c>users/&lt;uid&gt;/generated/&lt;id&gt;/&lt;file&gt;</c>.</summary>
    public static string GeneratedPath(string token, string id, string file) =>
        $"users/{Assets.SimulatedUsers.IdOf(token)}/generated/{id}/{file}";
}
