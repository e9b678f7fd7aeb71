using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Grok2Api.Configuration;

namespace Grok2Api.AdminApi.Security;

/// <summary>
/// <see cref="IAuthFailureLimiter"/> with a <see cref="FixedWindowRateLimiter"/> per client address.
/// The window is timed with <see cref="TimeProvider"/> (so tests drive it with a fake clock); the
/// limiter counts the permits and is replenished by hand when a window ends. Memory stays bounded:
/// an address is forgotten once a window passes without a failure (a sweep every window), at most
/// <see cref="MaxAddresses"/> are tracked (beyond that, new addresses share one overflow limit), and
/// IPv6 clients are counted per /64, the block one subscriber usually holds.
/// </summary>
internal sealed class AuthFailureLimiter : IAuthFailureLimiter, IDisposable
{
    public const int MaxAddresses = 10_000;
    private const string OverflowKey = "overflow";

    private readonly TimeProvider _time;
    private readonly Dictionary<string, AddressWindow> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ITimer _sweeper;

    public AuthFailureLimiter(TimeProvider time)
    {
        _time = time;
        _sweeper = time.CreateTimer(static state => ((AuthFailureLimiter)state!).Sweep(), this, IAuthFailureLimiter.Window, IAuthFailureLimiter.Window);
    }

    /// <summary>How many addresses are tracked now.</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count;
            }
        }
    }

    public AuthThrottleDecision Check(IPAddress? address)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_windows.TryGetValue(KeyOf(address), out var window))
            {
                return AuthThrottleDecision.Allowed;
            }

            window.Roll(now);
            return window.Limiter.GetStatistics()?.CurrentAvailablePermits > 0 ? AuthThrottleDecision.Allowed : window.Limited(now);
        }
    }

    public AuthThrottleDecision RecordFailure(IPAddress? address)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var key = KeyOf(address);
            if (!_windows.TryGetValue(key, out var window))
            {
                if (_windows.Count >= MaxAddresses)
                {
                    key = OverflowKey;
                }

                if (!_windows.TryGetValue(key, out window))
                {
                    window = new AddressWindow(now);
                    _windows[key] = window;
                }
            }

            window.Roll(now);
            using var lease = window.Limiter.AttemptAcquire();
            return lease.IsAcquired ? AuthThrottleDecision.Allowed : window.Limited(now);
        }
    }

    /// <summary>Forgets every address whose window has ended (no failure since); called by the timer every window.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (key, window) in _windows)
            {
                if (window.HasEnded(now))
                {
                    _windows.Remove(key);
                    window.Limiter.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        lock (_lock)
        {
            foreach (var window in _windows.Values)
            {
                window.Limiter.Dispose();
            }

            _windows.Clear();
        }
    }

    /// <summary>The partition of an address: IPv4 as is, IPv6 by its /64 prefix, "unknown" when there is none.</summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        var normalized = NetworkEntries.Normalize(address);
        if (normalized.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(normalized))
        {
            return normalized.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        normalized.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private sealed class AddressWindow(DateTimeOffset start)
    {
        public FixedWindowRateLimiter Limiter { get; } = new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = IAuthFailureLimiter.FailuresPerWindow,
            QueueLimit = 0,
            AutoReplenishment = false,

            // Timed by Roll with the TimeProvider; the limiter's own clock must never hold a replenish back.
            Window = TimeSpan.FromTicks(1),
        });

        public DateTimeOffset Start { get; private set; } = start;

        public bool HasEnded(DateTimeOffset now) => now >= Start + IAuthFailureLimiter.Window;

        public void Roll(DateTimeOffset now)
        {
            if (HasEnded(now))
            {
                Limiter.TryReplenish();
                Start = now;
            }
        }

        public AuthThrottleDecision Limited(DateTimeOffset now) => new(true, Start + IAuthFailureLimiter.Window - now);
    }
}
