using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Media;

/// <summary>
/// POST /rest/media/post/create (docs/grok-protocol.md §12.1): <c>{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt"}</c>
/// or <c>{"mediaType":"MEDIA_POST_TYPE_IMAGE","mediaUrl":&lt;absolute URL of a known asset&gt;}</c>; records the post
/// and answers <c>{"post":{"id",…}}</c>. A malformed body gets 400; cookie checks and faults apply first.
/// </summary>
internal static class MediaPostEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        GatedEndpoint.MapPost(endpoints, UpstreamPaths.MediaPostCreate, state, (context, token, cancellationToken) =>
            HandleAsync(context, state, token, cancellationToken));
        MediaControlEndpoints.Map(endpoints, state);
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, string token, CancellationToken cancellationToken)
    {
        var (post, error) = Parse(await RequestBody.ReadAsync(context, cancellationToken), state, token);
        if (post is null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error!), cancellationToken);
            return;
        }

        state.MediaPosts.Add(post);
        await SimJson.WriteAsync(context, StatusCodes.Status200OK, new JsonObject { ["post"] = View(post) }, cancellationToken);
    }

    private static (MediaPost? Post, string? Error) Parse(ReadOnlyMemory<byte> body, SimulatorState state, string token)
    {
        const string Usage = "body must be {\"mediaType\":\"MEDIA_POST_TYPE_VIDEO\",\"prompt\":string} or {\"mediaType\":\"MEDIA_POST_TYPE_IMAGE\",\"mediaUrl\":string}";
        var (root, error) = JsonFields.ParseObject(body);
        if (root is null)
        {
            return (null, error);
        }

        var type = JsonFields.Text(root, "mediaType");
        var prompt = JsonFields.Text(root, "prompt");
        var mediaUrl = JsonFields.Text(root, "mediaUrl");
        switch (type)
        {
            case MediaPostTypes.Video when prompt is { Length: > 0 } && JsonFields.Kind(root, "mediaUrl") == JsonValueKind.Undefined:
                return (new MediaPost(state.Ids.Next(), token, type, prompt, null, state.Time.GetUtcNow()), null);
            case MediaPostTypes.Image when mediaUrl is { Length: > 0 } && JsonFields.Kind(root, "prompt") == JsonValueKind.Undefined:
                return AssetUrls.Check(state.Assets, mediaUrl, "mediaUrl") is { } urlError
                    ? (null, urlError)
                    : (new MediaPost(state.Ids.Next(), token, type, null, mediaUrl, state.Time.GetUtcNow()), null);
            default:
                return (null, Usage);
        }
    }

    /// <summary>The post as the answer (and the control API) shows it.</summary>
    internal static JsonObject View(MediaPost post)
    {
        var view = new JsonObject
        {
            ["id"] = post.Id,
            ["userId"] = SimulatedUsers.IdOf(post.Token),
            ["mediaType"] = post.MediaType,
            ["createTime"] = post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        };
        if (post.Prompt is not null)
        {
            view["prompt"] = post.Prompt;
        }

        if (post.MediaUrl is not null)
        {
            view["mediaUrl"] = post.MediaUrl;
        }

        return view;
    }
}
