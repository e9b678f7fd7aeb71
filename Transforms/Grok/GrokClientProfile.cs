namespace Grok2Api.Transforms.Grok;

/// <summary>
/// The operator-supplied values the client forwards (config <c>[proxy]</c>). Nothing here is
/// generated: Grok2Api does not forge anti-bot signals (docs/grok-protocol.md §2.2).
/// </summary>
/// <param name="UserAgent"><c>proxy.user_agent</c>, sent as <c>User-Agent</c>.</param>
/// <param name="CfClearance"><c>proxy.cf_clearance</c>; when not empty it is appended to the Cookie header.</param>
/// <param name="StatsigId"><c>proxy.statsig_id</c>; when not empty it is sent verbatim as <c>x-statsig-id</c>, otherwise the header is omitted.</param>
public sealed record GrokClientProfile(string UserAgent, string CfClearance, string StatsigId);
