using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Accounts;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.RateLimits;

/// <summary>
/// POST /rest/rate-limits (docs/grok-protocol.md §9): body <c>{"requestKind","modelName"}</c>,
/// answers the account's window. The gateway reads <c>remainingTokens</c>; the rest is for realism.
/// </summary>
internal sealed class RateLimitsEndpoint(SimulatorState state, UpstreamGate gate)
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(UpstreamPaths.RateLimits, (RequestDelegate)(context =>
            context.RequestServices.GetRequiredService<RateLimitsEndpoint>().HandleAsync(context)));

    public async Task HandleAsync(HttpContext context)
    {
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var error = Validate(await RequestBody.ReadAsync(context, cancellationToken));
        if (error is not null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error), cancellationToken);
            return;
        }

        await SimJson.WriteAsync(context, StatusCodes.Status200OK, Describe(state.Accounts.Touch(entry.Token), state.Time.GetUtcNow()), cancellationToken);
    }

    private static string? Validate(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) is JsonObject root
                && root["requestKind"]?.GetValueKind() == JsonValueKind.String
                && root["modelName"]?.GetValueKind() == JsonValueKind.String
                ? null
                : "body must be {\"requestKind\":string,\"modelName\":string}";
        }
        catch (JsonException e)
        {
            return $"request body is not valid JSON: {e.Message}";
        }
    }

    private static JsonObject Describe(AccountSnapshot account, DateTimeOffset now)
    {
        var wait = account.Remaining > 0 || account.WindowEndsAt is not { } end
            ? 0
            : (int)Math.Ceiling(Math.Max(0, (end - now).TotalSeconds));
        var body = new JsonObject
        {
            ["windowSizeSeconds"] = account.WindowSizeSeconds,
            ["remainingQueries"] = account.Remaining,
            ["totalQueries"] = account.Total,
            ["remainingTokens"] = account.Remaining,
            ["totalTokens"] = account.Total,
            ["lowEffortRateLimits"] = Effort(1, account, wait),
            ["highEffortRateLimits"] = Effort(4, account, wait),
        };
        if (account.Remaining == 0)
        {
            body["waitTimeSeconds"] = wait;
        }

        return body;
    }

    private static JsonObject Effort(int cost, AccountSnapshot account, int wait) => new()
    {
        ["cost"] = cost,
        ["remainingQueries"] = account.Remaining / cost,
        ["totalQueries"] = account.Total / cost,
        ["windowSizeSeconds"] = account.WindowSizeSeconds,
        ["waitTimeSeconds"] = account.Remaining >= cost ? 0 : wait,
    };
}
