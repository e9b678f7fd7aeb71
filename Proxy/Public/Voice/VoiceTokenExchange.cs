using System.Text.Json;

namespace Grok2Api.Proxy.Public.Voice;

/// <summary>
/// One <c>POST /rest/livekit/tokens</c> with the attempt's account (timeout <c>voice.timeout</c>); an
/// answer without a token is an empty answer (another account may try). One per request.
/// </summary>
internal sealed class VoiceTokenExchange(IGrokRestClient client, byte[] body, TimeSpan timeout) : IUpstreamExchange
{
    public string Name => "livekit_tokens";

    public async ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var result = await client.SendAsync(
            GrokEndpoints.LivekitTokens, attempt.Lease.Token, body, UpstreamCallOptions.WithTimeoutSeconds(timeout.TotalSeconds), attempt.Cancellation);
        if (result.Failure is { } failure)
        {
            return failure;
        }

        if (ReadToken(result.Body) is not { } token)
        {
            return new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, "the answer carried no token");
        }

        attempt.Commit();
        ((VoiceTokenWriter)attempt.Writer).Token(token);
        attempt.Writer.Complete();
        return null;
    }

    private static string? ReadToken(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("token", out var token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } value
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
