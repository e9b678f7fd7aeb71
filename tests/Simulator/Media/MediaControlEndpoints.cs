using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Media;

/// <summary>
/// The /__sim routes of the media families: <c>GET|DELETE /__sim/media/posts</c>, <c>/__sim/image-edits</c>,
/// <c>/__sim/videos</c> and <c>/__sim/upscales</c> (<c>?token=</c> filters a GET), and
/// <c>POST /__sim/{image-edits|videos|upscales}/outcomes</c> with <c>{"token":string?,"outcome":string}</c> to queue
/// the answer of the next request.
/// </summary>
internal static class MediaControlEndpoints
{
    private static readonly JsonSerializerOptions ViewOptions = new(SimJson.Options) { Converters = { new JsonStringEnumConverter() } };

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix);
        MapFamily(group, "/media/posts", () => state.MediaPosts.All, p => p.Token, state.MediaPosts.Clear);
        MapFamily(group, "/image-edits", () => state.ImageEdits.Received, r => r.Token, state.ImageEdits.Clear);
        MapFamily(group, "/videos", () => state.Videos.Received, r => r.Token, state.Videos.Clear);
        MapFamily(group, "/upscales", () => state.Upscales.Calls, c => c.Token, state.Upscales.Clear);
        MapOutcomes<ImageEdit.ImageEditOutcome>(group, "/image-edits/outcomes", state.ImageEdits.Enqueue);
        MapOutcomes<Video.VideoOutcome>(group, "/videos/outcomes", state.Videos.Enqueue);
        MapOutcomes<Video.UpscaleOutcome>(group, "/upscales/outcomes", state.Upscales.Enqueue);
    }

    private static void MapFamily<T>(RouteGroupBuilder group, string path, Func<IReadOnlyList<T>> list, Func<T, string> tokenOf, Action clear)
    {
        group.MapGet(path, (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var items = list().Where(i => token.Length == 0 || tokenOf(i) == token).Select(i => JsonSerializer.SerializeToNode(i, ViewOptions));
            return SimJson.WriteAsync(context, 200, new JsonArray(items.ToArray()), context.RequestAborted);
        }));

        group.MapDelete(path, (RequestDelegate)(context =>
        {
            clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
    }

    private static void MapOutcomes<T>(RouteGroupBuilder group, string path, Action<string?, T> enqueue)
        where T : struct, Enum
    {
        group.MapPost(path, (RequestDelegate)(async context =>
        {
            var request = await ReadAsync(context);
            var name = request?.Outcome?.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
            if (name is null || !Enum.TryParse<T>(name, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
            {
                var usage = $"body must be {{\"token\":string?,\"outcome\":string}}; outcomes: {string.Join(", ", Enum.GetNames<T>())}";
                await SimJson.WriteErrorAsync(context, 400, 3, usage, context.RequestAborted);
                return;
            }

            enqueue(request!.Token, outcome);
            context.Response.StatusCode = 204;
        }));
    }

    private static async Task<OutcomeRequest?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<OutcomeRequest>(context.Request.Body, SimJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record OutcomeRequest(string? Token, string? Outcome);
}
