namespace Grok2Api.Transforms.Conversations;

/// <summary>What a refusal (<see cref="UpstreamFailureKind.Forbidden"/>) looked like.</summary>
public enum ForbiddenReason
{
    /// <summary>Not a refusal, or one that could not be told apart.</summary>
    None,

    /// <summary>A Cloudflare challenge page (HTML, or the <c>cf-mitigated</c> header): the operator's cf_clearance, user agent or egress proxy needs attention.</summary>
    CloudflareChallenge,

    /// <summary>The upstream's anti-bot rules rejected the request (a JSON refusal, or an anti-bot line in the stream).</summary>
    AntiBot,
}
