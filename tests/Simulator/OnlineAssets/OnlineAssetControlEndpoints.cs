using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.OnlineAssets;

/// <summary>
/// <c>POST /__sim/online-assets</c> with <c>{"token","count"}</c> seeds an account's online files (answers their ids);
/// <c>GET /__sim/online-assets?token=</c> lists what the account has and what was deleted; <c>DELETE /__sim/online-assets</c> forgets all.
/// </summary>
internal static class OnlineAssetControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix);
        group.MapPost("/online-assets", (RequestDelegate)(async context =>
        {
            SeedRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<SeedRequest>(context.Request.Body, SimJson.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                request = null;
            }

            if (request?.Token is not { Length: > 0 } token || request.Count is not { } count || count is < 0 or > 100_000)
            {
                await SimJson.WriteErrorAsync(context, 400, 3, "body must be {\"token\":string,\"count\":0..100000}", context.RequestAborted);
                return;
            }

            var ids = state.OnlineAssets.Seed(token, count);
            await SimJson.WriteAsync(context, 200, new JsonObject { ["ids"] = Ids(ids) }, context.RequestAborted);
        }));

        group.MapGet("/online-assets", (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var body = new JsonObject
            {
                ["ids"] = Ids(state.OnlineAssets.ForToken(token)),
                ["deleted"] = Ids([.. state.OnlineAssets.Deleted.Where(d => d.Token == token).Select(d => d.AssetId)]),
            };
            return SimJson.WriteAsync(context, 200, body, context.RequestAborted);
        }));

        group.MapDelete("/online-assets", (RequestDelegate)(context =>
        {
            state.OnlineAssets.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));
    }

    private static JsonArray Ids(IReadOnlyList<string> ids) => new([.. ids.Select(id => (JsonNode?)JsonValue.Create(id))]);

    private sealed record SeedRequest(string? Token, int? Count);
}
