using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Imagine;

/// <summary>
/// The /__sim routes of the Imagine WebSocket: <c>GET|DELETE /__sim/imagine</c> (sessions; <c>?token=</c>
/// filters a GET), <c>POST /__sim/imagine/outcomes</c> with <c>{"token":string?,"outcome":string}</c> to queue
/// the answer of the next session, and <c>PUT /__sim/imagine/images-per-session</c> with <c>{"count":int}</c>.
/// </summary>
internal static class ImagineControlEndpoints
{
    private static readonly JsonSerializerOptions ViewOptions = new(SimJson.Options) { Converters = { new JsonStringEnumConverter() } };

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix + "/imagine");
        group.MapGet("/", (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var items = state.Imagine.Received.Where(s => token.Length == 0 || s.Token == token).Select(s => JsonSerializer.SerializeToNode(s, ViewOptions));
            return SimJson.WriteAsync(context, 200, new JsonArray(items.ToArray()), context.RequestAborted);
        }));
        group.MapDelete("/", (RequestDelegate)(context =>
        {
            state.Imagine.Reset();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
        group.MapPost("/outcomes", (RequestDelegate)(async context =>
        {
            var body = await ReadAsync(context);
            var name = body?["outcome"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal)
                : null;
            var token = body?["token"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            if (name is null || !Enum.TryParse<ImagineOutcome>(name, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
            {
                var usage = $"body must be {{\"token\":string?,\"outcome\":string}}; outcomes: {string.Join(", ", Enum.GetNames<ImagineOutcome>())}";
                await SimJson.WriteErrorAsync(context, 400, 3, usage, context.RequestAborted);
                return;
            }

            state.Imagine.Enqueue(token, outcome);
            context.Response.StatusCode = 204;
        }));
        group.MapPut("/images-per-session", (RequestDelegate)(async context =>
        {
            var body = await ReadAsync(context);
            if (body?["count"] is not JsonValue c || c.GetValueKind() != JsonValueKind.Number || !c.TryGetValue<int>(out var count) || count is < 1 or > 16)
            {
                await SimJson.WriteErrorAsync(context, 400, 3, "body must be {\"count\":1..16}", context.RequestAborted);
                return;
            }

            state.Imagine.ImagesPerSession = count;
            context.Response.StatusCode = 204;
        }));
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonNode>(context.Request.Body, SimJson.Options, context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
