namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>An error carried by an upstream chat line.</summary>
/// <param name="Kind">What the upstream said went wrong.</param>
/// <param name="Message">
/// A short message safe to show a client: the upstream's own message with control characters
/// removed, at most <see cref="GrokStreamErrors.MaxMessageLength"/> characters; never the raw line.
/// </param>
public sealed record GrokStreamError(GrokStreamErrorKind Kind, string Message)
{
    /// <summary>
    /// The error in the gateway's failure vocabulary: a usage limit is the account's rate limit, an
    /// anti-bot rejection a refusal that is not the account's fault, anything else an error in the stream.
    /// </summary>
    public UpstreamFailure ToFailure() => Kind switch
    {
        GrokStreamErrorKind.UsageLimit => new UpstreamFailure(UpstreamFailureKind.RateLimited, Message) { Status = 200 },
        GrokStreamErrorKind.AntiBot => new UpstreamFailure(UpstreamFailureKind.Forbidden, "an anti-bot rejection") { Status = 200, Forbidden = ForbiddenReason.AntiBot },
        _ => new UpstreamFailure(UpstreamFailureKind.StreamError, Message) { Status = 200 },
    };
}
