using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Accounts;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grok2Api.Simulator.Control;

/// <summary>
/// The simulator's own HTTP API under /__sim, for standalone use: faults, recorded requests, accounts,
/// scripts and reset. These routes need no cookie and are not recorded.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var group = endpoints.MapGroup(UpstreamPaths.ControlPrefix);

        group.MapPost("/faults", (RequestDelegate)(async context =>
        {
            var request = await ReadAsync<FaultRequest>(context);
            var (fault, error) = request?.ToFault() ?? (null, "body must be a JSON object");
            if (fault is null)
            {
                await SimJson.WriteErrorAsync(context, 400, 3, error!, context.RequestAborted);
                return;
            }

            if (request!.Persistent)
            {
                state.Faults.SetPersistent(request.Token, fault);
            }
            else
            {
                state.Faults.Enqueue(request.Token, fault);
            }

            await SimJson.WriteAsync(context, 200, new JsonObject { ["kind"] = fault.Kind.ToString(), ["persistent"] = request.Persistent }, context.RequestAborted);
        }));

        group.MapDelete("/faults", (RequestDelegate)(context =>
        {
            state.Faults.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));

        group.MapGet("/requests", (RequestDelegate)(context =>
        {
            var token = context.Request.Query["token"].ToString();
            var path = context.Request.Query["path"].ToString();
            var items = state.Recorder.Snapshot()
                .Where(r => token.Length == 0 || r.Token == token)
                .Where(r => path.Length == 0 || string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase))
                .Select(View);
            return SimJson.WriteAsync(context, 200, new JsonArray(items.ToArray<JsonNode?>()), context.RequestAborted);
        }));

        group.MapDelete("/requests", (RequestDelegate)(context =>
        {
            state.Recorder.Clear();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));

        group.MapPost("/reset", (RequestDelegate)(context =>
        {
            state.Reset();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }));

        group.MapGet("/accounts", (RequestDelegate)(context =>
            SimJson.WriteAsync(context, 200, new JsonArray(state.Accounts.All().Select(View).ToArray<JsonNode?>()), context.RequestAborted)));

        group.MapGet("/accounts/{token}", (RequestDelegate)(context =>
        {
            var account = state.Accounts.Get((string)context.Request.RouteValues["token"]!);
            return account is null
                ? SimJson.WriteAsync(context, 404, ErrorBodies.NotFound(), context.RequestAborted)
                : SimJson.WriteAsync(context, 200, View(account), context.RequestAborted);
        }));

        group.MapPut("/accounts/{token}", (RequestDelegate)(async context =>
        {
            var request = await ReadAsync<AccountRequest>(context) ?? new AccountRequest(null, null, null);
            var account = state.Accounts.Set((string)context.Request.RouteValues["token"]!, request.Remaining, request.Total, request.WindowSizeSeconds);
            await SimJson.WriteAsync(context, 200, View(account), context.RequestAborted);
        }));

        group.MapPost("/chat/scripts", (RequestDelegate)(async context =>
        {
            var request = await ReadAsync<ScriptRequest>(context);
            if (request?.Lines is null)
            {
                await SimJson.WriteErrorAsync(context, 400, 3, "body must be {\"token\":string?,\"lines\":[string],\"lineDelayMs\":int?}", context.RequestAborted);
                return;
            }

            var script = new ChatScript(request.Lines.Select(ChatLine.Raw))
            {
                LineDelay = request.LineDelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            };
            state.Chat.Enqueue(request.Token, script);
            context.Response.StatusCode = 204;
        }));
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, SimJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject View(AccountSnapshot account) => new()
    {
        ["token"] = account.Token,
        ["remaining"] = account.Remaining,
        ["total"] = account.Total,
        ["windowSizeSeconds"] = account.WindowSizeSeconds,
        ["windowEndsAt"] = account.WindowEndsAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonObject View(RecordedRequest request) => new()
    {
        ["id"] = request.Id,
        ["method"] = request.Method,
        ["path"] = request.Path,
        ["query"] = request.Query,
        ["headers"] = new JsonObject(request.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
        ["bodyText"] = request.BodyText,
        ["bodyBase64"] = Convert.ToBase64String(request.Body.Span),
        ["token"] = request.Token,
        ["cfClearance"] = request.CfClearance,
        ["startedAt"] = request.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["endedAt"] = request.EndedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["statusCode"] = request.StatusCode,
        ["clientAborted"] = request.ClientAborted,
        ["abortedAt"] = request.AbortedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["serverAborted"] = request.ServerAborted,
        ["faultApplied"] = request.FaultApplied,
    };
}
