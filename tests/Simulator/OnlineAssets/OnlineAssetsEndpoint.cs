using System.Globalization;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.OnlineAssets;

/// <summary>
/// The account's online files (docs/grok-protocol.md §11.1, §11.2): <c>GET /rest/assets</c> with the list query
/// (<c>pageSize=50</c>, <c>orderBy=ORDER_BY_LAST_USE_TIME</c>, <c>source=SOURCE_ANY</c>, <c>isLatest=true</c>, 400
/// otherwise) answers a page and a <c>nextPageToken</c> while more remain; <c>DELETE /rest/assets-metadata/{id}</c>
/// removes one (200 <c>{}</c>, 404 for an id the account does not have). Cookie and faults apply.
/// </summary>
internal static class OnlineAssetsEndpoint
{
    private const string PageTokenPrefix = "page-";

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        endpoints.MapGet(UpstreamPaths.AssetsList, (RequestDelegate)(context =>
            ListAsync(context, state, context.RequestServices.GetRequiredService<UpstreamGate>())));
        endpoints.MapDelete(UpstreamPaths.AssetsDeletePrefix + "/{assetId}", (RequestDelegate)(context =>
            DeleteAsync(context, state, context.RequestServices.GetRequiredService<UpstreamGate>())));
        OnlineAssetControlEndpoints.Map(endpoints, state);
    }

    private static async Task ListAsync(HttpContext context, SimulatorState state, UpstreamGate gate)
    {
        using var inFlight = state.OnlineAssets.Lists.Enter();
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var query = context.Request.Query;
        if (query["pageSize"] != "50" || query["orderBy"] != "ORDER_BY_LAST_USE_TIME" || query["source"] != "SOURCE_ANY" || query["isLatest"] != "true")
        {
            await SimJson.WriteErrorAsync(context, 400, 3, "expected pageSize=50&orderBy=ORDER_BY_LAST_USE_TIME&source=SOURCE_ANY&isLatest=true", cancellationToken);
            return;
        }

        var offset = 0;
        var pageToken = query["pageToken"].ToString();
        if (pageToken.Length > 0
            && (!pageToken.StartsWith(PageTokenPrefix, StringComparison.Ordinal)
                || !int.TryParse(pageToken.AsSpan(PageTokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            await SimJson.WriteErrorAsync(context, 400, 3, "unknown pageToken", cancellationToken);
            return;
        }

        var (page, next) = state.OnlineAssets.Page(entry.Token, offset, 50);
        var body = new JsonObject
        {
            ["assets"] = new JsonArray([.. page.Select(id => (JsonNode?)new JsonObject
            {
                ["assetId"] = id,
                ["mimeType"] = "image/jpeg",
                ["name"] = id + ".jpg",
                ["key"] = $"users/{SimulatedUsers.IdOf(entry.Token)}/generated/{id}/image.jpg",
            })]),
        };
        if (next is { } nextOffset)
        {
            body["nextPageToken"] = PageTokenPrefix + nextOffset.ToString(CultureInfo.InvariantCulture);
        }

        await SimJson.WriteAsync(context, StatusCodes.Status200OK, body, cancellationToken);
    }

    private static async Task DeleteAsync(HttpContext context, SimulatorState state, UpstreamGate gate)
    {
        using var inFlight = state.OnlineAssets.Deletes.Enter();
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var assetId = context.Request.RouteValues["assetId"]?.ToString() ?? "";
        if (!state.OnlineAssets.Delete(entry.Token, assetId))
        {
            await SimJson.WriteAsync(context, StatusCodes.Status404NotFound, ErrorBodies.NotFound(), cancellationToken);
            return;
        }

        await SimJson.WriteAsync(context, StatusCodes.Status200OK, new JsonObject(), cancellationToken);
    }
}
