using System.Buffers.Binary;
using System.Text;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.FeatureControls;

/// <summary>
/// <c>POST /auth_mgmt.AuthManagement/UpdateUserFeatureControls</c> (docs/grok-protocol.md §15), gRPC-web: needs
/// <c>content-type: application/grpc-web+proto</c> and <c>x-grpc-web: 1</c> (415 otherwise), and one frame setting
/// <c>always_show_nsfw_content</c> to true (grpc-status 3 otherwise). Answers 200 with a data frame and a trailer
/// frame (<c>grpc-status: 0</c>), or the account's refusal. Cookie and faults apply.
/// </summary>
internal static class FeatureControlsEndpoint
{
    private const string Feature = "always_show_nsfw_content";

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        endpoints.MapPost(UpstreamPaths.UpdateUserFeatureControls, (RequestDelegate)(context =>
            HandleAsync(context, state, context.RequestServices.GetRequiredService<UpstreamGate>())));
        FeatureControlEndpoints.Map(endpoints, state);
    }

    private static async Task HandleAsync(HttpContext context, SimulatorState state, UpstreamGate gate)
    {
        using var inFlight = state.FeatureControls.Requests.Enter();
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var entry = await gate.EnterSingleResponseAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        if (context.Request.ContentType != "application/grpc-web+proto" || context.Request.Headers["x-grpc-web"] != "1")
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var body = await RequestBody.ReadAsync(context, cancellationToken);
        var valid = IsNsfwRequest(body.Span);
        var refusal = state.FeatureControls.Record(entry.Token, body, valid);
        if (refusal?.HttpStatus is { } httpStatus)
        {
            context.Response.StatusCode = httpStatus;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("refused", cancellationToken);
            return;
        }

        var (status, message) = refusal is not null ? (refusal.GrpcStatus, refusal.GrpcMessage ?? "")
            : valid ? (0, "") : (3, "expected one frame setting always_show_nsfw_content");
        await WriteAnswerAsync(context, status, message, refusal?.InHeaders == true, refusal?.AsText == true, cancellationToken);
    }

    private static async Task WriteAnswerAsync(HttpContext context, int status, string message, bool inHeaders, bool asText, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asText ? "application/grpc-web-text+proto" : "application/grpc-web+proto";
        var encoded = Uri.EscapeDataString(message);
        if (inHeaders)
        {
            response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = encoded;
            return;
        }

        byte[] frames = [.. Frame(0x00, []), .. Frame(0x80, Encoding.ASCII.GetBytes($"grpc-status:{status}\r\ngrpc-message:{encoded}\r\n"))];
        await response.Body.WriteAsync(asText ? Encoding.ASCII.GetBytes(Convert.ToBase64String(frames)) : frames, cancellationToken);
    }

    private static byte[] Frame(byte flag, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>One uncompressed frame whose message has field 1 = {field 2 = 1} and field 2 = {field 1 = the feature name}.</summary>
    private static bool IsNsfwRequest(ReadOnlySpan<byte> body)
    {
        if (body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body[1..]) != (uint)(body.Length - 5))
        {
            return false;
        }

        var message = body[5..];
        var enabled = false;
        string? path = null;
        while (!message.IsEmpty)
        {
            if (message.Length < 2 || message[1] > message.Length - 2)
            {
                return false;
            }

            var tag = message[0];
            var inner = message.Slice(2, message[1]);
            message = message[(2 + message[1])..];
            if (tag == 0x0a)
            {
                enabled = inner.SequenceEqual((ReadOnlySpan<byte>)[0x10, 0x01]);
            }
            else if (tag == 0x12 && inner.Length >= 2 && inner[0] == 0x0a && inner[1] == inner.Length - 2)
            {
                path = Encoding.ASCII.GetString(inner[2..]);
            }
            else
            {
                return false;
            }
        }

        return enabled && path == Feature;
    }
}
