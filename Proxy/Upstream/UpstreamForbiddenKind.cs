namespace Grok2Api.Proxy.Upstream;

/// <summary>What a 403 looked like.</summary>
internal enum UpstreamForbiddenKind
{
    /// <summary>Not a 403, or a 403 with an unrecognized body.</summary>
    None,

    /// <summary>An HTML page or a <c>cf-mitigated</c> header: a Cloudflare challenge or block.</summary>
    CloudflareChallenge,

    /// <summary>A JSON answer: the upstream's own anti-bot or statsig rejection.</summary>
    AntiBot,
}
