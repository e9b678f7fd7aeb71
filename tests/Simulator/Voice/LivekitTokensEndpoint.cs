using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Voice;

/// <summary>
/// POST /rest/livekit/tokens: the body must carry <c>sessionPayload</c> (a JSON string) and
/// <c>livekitUrl</c>; answers <c>{"token":"sim-livekit-&lt;n&gt;"}</c>. Faults apply as on every REST
/// endpoint; a <c>StreamError</c> fault answers 200 without a token.
/// </summary>
internal static class LivekitTokensEndpoint
{
    private static int s_issued;

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state) =>
        endpoints.MapPost(UpstreamPaths.LivekitTokens, (RequestDelegate)(context => HandleAsync(context, state)));

    private static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var gate = (UpstreamGate)context.RequestServices.GetService(typeof(UpstreamGate))!;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var body = await RequestBody.ReadAsync(context, cancellationToken);
        string? error;
        try
        {
            error = JsonNode.Parse(body.Span) is JsonObject root
                && root["sessionPayload"]?.GetValueKind() == JsonValueKind.String
                && JsonNode.Parse(root["sessionPayload"]!.GetValue<string>()) is JsonObject session
                && session["voice"]?.GetValueKind() == JsonValueKind.String
                && root["livekitUrl"]?.GetValueKind() == JsonValueKind.String
                ? null
                : "body must be {\"sessionPayload\":\"{...voice...}\",\"livekitUrl\":string}";
        }
        catch (JsonException e)
        {
            error = $"request body is not valid JSON: {e.Message}";
        }

        if (error is not null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error), cancellationToken);
            return;
        }

        var token = $"sim-livekit-{Interlocked.Increment(ref s_issued)}";
        await SimJson.WriteAsync(context, StatusCodes.Status200OK, new JsonObject { ["token"] = token }, cancellationToken);
    }
}
