namespace Grok2Api.Storage.Coordination;

/// <summary>
/// How long a lease lasts without renewal (host setting <c>Storage:LeaseSeconds</c>, environment
/// <c>Storage__LeaseSeconds</c>; default 60). A holder renews every third of it, and other instances
/// try as often, so an instance that dies is replaced within one lease time.
/// </summary>
public sealed record StoreLeaseOptions
{
    /// <summary>The lease time. Default 60 s; at least 3 s.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a holder renews and others try: a third of <see cref="Ttl"/>.</summary>
    public TimeSpan RenewEvery => Ttl / 3;
}
