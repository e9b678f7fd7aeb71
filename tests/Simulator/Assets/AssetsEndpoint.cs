using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.Assets;

/// <summary>
/// GET on the assets host (docs/grok-protocol.md §11.3): <c>/users/…</c> paths, cookie required, faults
/// apply; answers the stored or default bytes, a 302 for a redirect entry, or 404.
/// </summary>
internal static class AssetsEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        endpoints.MapMethods(UpstreamPaths.AssetsPrefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (RequestDelegate)(context =>
            HandleAsync(context, state, context.RequestServices.GetRequiredService<UpstreamGate>())));
        AssetControlEndpoints.Map(endpoints, state);
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, UpstreamGate gate)
    {
        using var inFlight = state.Assets.Enter();
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var asset = state.Assets.Find(context.Request.Path.Value ?? "/");

        // Counted until the answer starts: a client may see the whole body and send its next request
        // before this handler returns, which must not look like one request too many at a time.
        inFlight.Dispose();
        if (asset is null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status404NotFound, ErrorBodies.NotFound(), cancellationToken);
            return;
        }

        if (asset.RedirectTo is { } target)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = target;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(asset.Content, cancellationToken);
        }
    }
}
