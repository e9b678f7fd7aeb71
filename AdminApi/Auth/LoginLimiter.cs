using System.Threading.RateLimiting;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// Bounds login attempts per client address (10 a minute) so the admin key cannot be guessed by
/// brute force; the default key is public knowledge, so this matters.
/// </summary>
internal sealed class LoginLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = 10,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public bool TryAcquire(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
