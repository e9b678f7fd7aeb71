using System.Text;
using Grok2Api.Simulator.Accounts;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.Chat;

/// <summary>
/// POST /rest/app-chat/conversations/new (docs/grok-protocol.md §3–§4): validates the body, charges the
/// account, and streams the script as NDJSON, one flushed line at a time. Image-edit and video requests
/// (§12–§13) are checked and answered by default by <see cref="MediaTurns"/>.
/// </summary>
internal sealed class ConversationsEndpoint(SimulatorState state, UpstreamGate gate)
{
    private static readonly TimeSpan ResetGrace = TimeSpan.FromMilliseconds(100);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(UpstreamPaths.ConversationsNew, (RequestDelegate)(context =>
            context.RequestServices.GetRequiredService<ConversationsEndpoint>().HandleAsync(context)));

    public async Task HandleAsync(HttpContext context)
    {
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        var body = await RequestBody.ReadAsync(context, cancellationToken);
        var (request, error) = ChatRequestParser.Parse(body, entry.Token);
        var (acceptMedia, mediaError) = request is null ? (null, null) : MediaTurns.Parse(state, request);
        if (request is null || mediaError is not null)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument(error ?? mediaError!), cancellationToken);
            return;
        }

        // A used-up account answers 429 before a queued script is spent on the request.
        if (entry.StreamFault is null && state.Accounts.Touch(entry.Token).Remaining <= 0)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorBodies.RateLimited(), cancellationToken);
            return;
        }

        // A media request is recorded even when a queued script answers it instead of its default stream.
        var script = state.Chat.ScriptFor(request, acceptMedia?.Invoke());
        if (entry.StreamFault is null)
        {
            state.Accounts.TryConsume(entry.Token, script.QuotaCost ?? ModelCosts.Of(request.ModelMode));
        }

        var lineContext = new ChatLineContext(request, state.Ids.Next(), state.Ids.Next(), state.Ids.Next(), state.Options.ModelHash, state.Time.GetUtcNow());
        try
        {
            await StreamAsync(context, script, lineContext, entry.StreamFault, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The client went away or the simulator is stopping; the recording already knows.
        }
    }

    private async Task StreamAsync(HttpContext context, ChatScript script, ChatLineContext lineContext, Fault? fault, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = state.Options.ChatContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.StartAsync(cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);

        var stopAt = fault?.AfterLines is { } n ? Math.Clamp(n, 0, script.Lines.Count) : script.Lines.Count;
        for (var i = 0; i < stopAt; i++)
        {
            var line = script.Lines[i];
            var delay = line.Delay ?? (i == 0 ? TimeSpan.Zero : script.LineDelay ?? state.Options.LineDelay);
            if (!await Waits.DelayAsync(delay, state.Time, cancellationToken))
            {
                return;
            }

            await WriteLineAsync(context, line.Render(lineContext), cancellationToken);
        }

        if (fault is null)
        {
            return;
        }

        switch (fault.Kind)
        {
            case FaultKind.Stall:
                await Waits.DelayAsync(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
                break;
            case FaultKind.StreamError:
                await WriteLineAsync(context, fault.Body ?? ErrorLine(fault.ErrorShape).Render(lineContext), cancellationToken);
                break;
            default:
                // An abort discards output the transport has not sent yet; give the lines a moment to leave.
                await Waits.DelayAsync(ResetGrace, TimeProvider.System, cancellationToken);
                gate.Abort(context);
                break;
        }
    }

    private static ChatLine ErrorLine(StreamErrorShape shape) => shape switch
    {
        StreamErrorShape.UsageLimit => ChatLine.UsageLimitError(),
        StreamErrorShape.StreamErrors => ChatLine.StreamErrors(),
        _ => ChatLine.AntiBotError(),
    };

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
