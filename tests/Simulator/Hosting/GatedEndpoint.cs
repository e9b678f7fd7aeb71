using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.Hosting;

/// <summary>
/// Maps a POST endpoint that answers one JSON document: the request is linked to the simulator's stop, enters
/// through <see cref="UpstreamGate.EnterSingleResponseAsync"/> (cookie, known tokens, faults) and, when let
/// through, is handed to the handler with the caller's SSO token.
/// </summary>
internal static class GatedEndpoint
{
    public delegate Task Handler(HttpContext context, string token, CancellationToken cancellationToken);

    public static void MapPost(IEndpointRouteBuilder endpoints, string path, SimulatorState state, Handler handle) =>
        endpoints.MapPost(path, (RequestDelegate)(context => RunAsync(context, state, handle)));

    private static async Task RunAsync(HttpContext context, SimulatorState state, Handler handle)
    {
        using var cts = state.LinkRequest(context);
        var gate = context.RequestServices.GetRequiredService<UpstreamGate>();
        var entry = await gate.EnterSingleResponseAsync(context, cts.Token);
        if (!entry.Handled)
        {
            await handle(context, entry.Token, cts.Token);
        }
    }
}
