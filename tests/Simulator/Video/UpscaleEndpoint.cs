using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// POST /rest/media/video/upscale (docs/grok-protocol.md §12.4): body <c>{"videoId":"&lt;id&gt;"}</c>; answers
/// <c>{"hdMediaUrl":"users/&lt;uid&gt;/generated/&lt;videoId&gt;/generated_video_hd.mp4"}</c>, whose distinct bytes the
/// assets host serves, or what the queued <see cref="UpscaleOutcome"/> says. A malformed body gets 400;
/// cookie checks and faults apply first.
/// </summary>
internal static class UpscaleEndpoint
{
    public const string HdFileName = "generated_video_hd.mp4";

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state) =>
        GatedEndpoint.MapPost(endpoints, UpstreamPaths.VideoUpscale, state, (context, token, cancellationToken) =>
            HandleAsync(context, state, token, cancellationToken));

    private static async Task HandleAsync(HttpContext context, SimulatorState state, string token, CancellationToken cancellationToken)
    {
        var (root, error) = JsonFields.ParseObject(await RequestBody.ReadAsync(context, cancellationToken));
        if (JsonFields.Text(root, "videoId") is not { Length: > 0 } videoId || videoId.Contains('/', StringComparison.Ordinal))
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error ?? "body must be {\"videoId\":string}"), cancellationToken);
            return;
        }

        var video = state.Videos.FindByVideoId(videoId);
        var outcome = state.Upscales.TakeOutcome(token);
        var path = MediaTurns.GeneratedPath(video?.Token ?? token, videoId, HdFileName);
        var hdMediaUrl = outcome switch
        {
            UpscaleOutcome.Succeeds => path,
            UpscaleOutcome.AbsoluteUrl => $"{context.Request.Scheme}://{context.Request.Host}/{path}",
            _ => null,
        };
        state.Upscales.Add(new UpscaleCall(token, videoId, video is not null, outcome, hdMediaUrl, state.Time.GetUtcNow()));
        if (outcome == UpscaleOutcome.ServerError)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status500InternalServerError, ErrorBodies.Grpc(13, "Internal error"), cancellationToken);
            return;
        }

        var body = new JsonObject();
        if (hdMediaUrl is not null)
        {
            body["hdMediaUrl"] = hdMediaUrl;
        }

        await SimJson.WriteAsync(context, StatusCodes.Status200OK, body, cancellationToken);
    }
}
