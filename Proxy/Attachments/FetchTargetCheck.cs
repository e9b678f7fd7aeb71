using System.Net;

namespace Grok2Api.Proxy.Attachments;

/// <summary>What <see cref="FetchGuard"/> decided about a host: the addresses that may be connected to, or why not.</summary>
/// <param name="Addresses">The checked addresses to connect to (empty when refused or unresolvable).</param>
/// <param name="Refusal">Why the host is refused, in client words ("it points to a loopback address"); null when allowed.</param>
/// <param name="Unresolvable">True when the name did not resolve.</param>
internal sealed record FetchTargetCheck(IReadOnlyList<IPAddress> Addresses, string? Refusal, bool Unresolvable)
{
    public bool IsAllowed => Refusal is null && !Unresolvable;

    public static FetchTargetCheck Allowed(IReadOnlyList<IPAddress> addresses) => new(addresses, null, false);

    public static FetchTargetCheck Refused(string refusal) => new([], refusal, false);

    public static FetchTargetCheck NotResolved { get; } = new([], null, true);
}
