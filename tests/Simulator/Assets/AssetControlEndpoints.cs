using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Assets;

/// <summary>
/// <c>POST /__sim/assets</c> with <c>{"path","contentBase64","contentType"}</c> or <c>{"path","redirectTo"}</c>
/// overrides one asset path; <c>DELETE /__sim/assets</c> forgets every override and upload.
/// </summary>
internal static class AssetControlEndpoints
{
    private const string Usage = "body must be {\"path\":string,\"contentBase64\":string,\"contentType\":string} or {\"path\":string,\"redirectTo\":string}";

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix);
        group.MapPost("/assets", (RequestDelegate)(async context =>
        {
            var request = await ReadAsync(context);
            if (!TryApply(state.Assets, request))
            {
                await SimJson.WriteErrorAsync(context, 400, 3, Usage, context.RequestAborted);
                return;
            }

            await SimJson.WriteAsync(context, 200, new JsonObject { ["path"] = AssetStore.Normalize(request!.Path!) }, context.RequestAborted);
        }));

        group.MapDelete("/assets", (RequestDelegate)(context =>
        {
            state.Assets.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
    }

    private static bool TryApply(AssetStore store, AssetRequest? request)
    {
        if (request?.Path is not { Length: > 0 } path || AssetStore.Normalize(path).Length == 0)
        {
            return false;
        }

        if (request.RedirectTo is { Length: > 0 } target)
        {
            store.Redirect(path, target);
            return true;
        }

        if (request.ContentBase64 is null || request.ContentType is not { Length: > 0 } type)
        {
            return false;
        }

        var buffer = new byte[request.ContentBase64.Length];
        if (!Convert.TryFromBase64String(request.ContentBase64, buffer, out var written))
        {
            return false;
        }

        store.Set(path, buffer.AsMemory(0, written), type);
        return true;
    }

    private static async Task<AssetRequest?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<AssetRequest>(context.Request.Body, SimJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record AssetRequest(string? Path, string? ContentBase64, string? ContentType, string? RedirectTo);
}
