using Grok2Api.Simulator.Auth;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Recording;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Simulator.Hosting;

/// <summary>
/// The checks every upstream endpoint runs first: the SSO cookie (docs/grok-protocol.md §2.1), known tokens, then the injected
/// fault. Headers such as x-statsig-id are accepted whatever their value (§2.2).
/// </summary>
internal sealed class UpstreamGate(SimulatorState state)
{
    public async Task<GateResult> EnterAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var cookie = SsoCookie.Parse(context.Request.Headers.Cookie.ToString());
        if (cookie is null || (state.Options.RequireKnownTokens && !state.Accounts.IsKnown(cookie.Token)))
        {
            await SimJson.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorBodies.Unauthenticated(), cancellationToken);
            return GateResult.Done;
        }

        var fault = state.Faults.Take(cookie.Token, context.Request.Path.Value ?? "/");
        if (fault is null)
        {
            return new GateResult(false, cookie.Token, null);
        }

        if (context.Features.Get<RequestRecord>() is { } record)
        {
            state.Recorder.Update(record, r => r with { FaultApplied = fault.Kind.ToString() });
        }

        if (!await Waits.DelayAsync(fault.StartDelay, state.Time, cancellationToken))
        {
            return GateResult.Done;
        }

        switch (fault.Kind)
        {
            case FaultKind.Delay:
                return new GateResult(false, cookie.Token, null);
            case FaultKind.RateLimited:
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                await WriteStatusAsync(context, 429, fault.Body, ErrorBodies.RateLimited(), cancellationToken);
                return GateResult.Done;
            case FaultKind.Unauthorized:
                await WriteStatusAsync(context, 401, fault.Body, ErrorBodies.Unauthenticated(), cancellationToken);
                return GateResult.Done;
            case FaultKind.CloudflareChallenge:
                await WriteCloudflareAsync(context, fault.Body, cancellationToken);
                return GateResult.Done;
            case FaultKind.ServerError:
                await WriteServerErrorAsync(context, fault, cancellationToken);
                return GateResult.Done;
            case FaultKind.ConnectionReset when fault.AfterLines is null:
                Abort(context);
                return GateResult.Done;
            default:
                return new GateResult(false, cookie.Token, fault);
        }
    }

    /// <summary>
    /// <see cref="EnterAsync"/> for endpoints that answer one JSON document: a stall, stream error or mid-stream reset
    /// is carried out here as well, so a result that is not handled never carries a stream fault.
    /// </summary>
    public async Task<GateResult> EnterSingleResponseAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var entry = await EnterAsync(context, cancellationToken);
        if (entry.Handled || entry.StreamFault is not { } fault)
        {
            return entry;
        }

        await ApplyToSingleResponseAsync(context, fault, cancellationToken);
        return GateResult.Done;
    }

    /// <summary>Drops the connection without blaming the client in the recording.</summary>
    public void Abort(HttpContext context)
    {
        if (context.Features.Get<RequestRecord>() is { } record)
        {
            state.Recorder.MarkServerAborting(record);
        }

        context.Abort();
    }

    /// <summary>Carries out a stream fault on an endpoint that answers with one JSON document.</summary>
    public async Task ApplyToSingleResponseAsync(HttpContext context, Fault fault, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case FaultKind.Stall:
                await Waits.DelayAsync(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
                break;
            case FaultKind.StreamError:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body ?? SimJson.Serialize(SingleErrorBody(fault.ErrorShape)), cancellationToken);
                break;
            default:
                Abort(context);
                break;
        }
    }

    private static System.Text.Json.Nodes.JsonNode SingleErrorBody(StreamErrorShape shape) => shape switch
    {
        StreamErrorShape.UsageLimit => ErrorBodies.UsageLimit(null),
        _ => ErrorBodies.AntiBot(),
    };

    private static async Task WriteStatusAsync(HttpContext context, int status, string? body, System.Text.Json.Nodes.JsonNode fallback, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            await SimJson.WriteAsync(context, status, fallback, cancellationToken);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, cancellationToken);
    }

    private static async Task WriteCloudflareAsync(HttpContext context, string? body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=UTF-8";
        context.Response.Headers["cf-mitigated"] = "challenge";
        context.Response.Headers["Server"] = "cloudflare";
        context.Response.Headers["cf-ray"] = "8f00000000000000-FRA";
        context.Response.Headers.CacheControl = "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0";
        await context.Response.WriteAsync(body ?? ErrorBodies.CloudflareChallengePage, cancellationToken);
    }

    private static async Task WriteServerErrorAsync(HttpContext context, Fault fault, CancellationToken cancellationToken)
    {
        var (contentType, body) = ErrorBodies.ServerError(fault.StatusCode);
        context.Response.StatusCode = fault.StatusCode;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(fault.Body ?? body, cancellationToken);
    }
}
