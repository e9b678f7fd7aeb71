using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// Sessions ended by logout. The cookie itself is stateless (a signed expiry), so a copy of it would
/// stay valid until it expires; remembering logged-out sessions until their expiry closes that gap on
/// this instance. Only verified sessions are remembered (logout needs no authentication, so anything
/// else would let anyone fill memory), each as a fixed 16-byte id (part of the SHA-256 of the cookie)
/// with its expiry. Expired entries are pruned at most once a minute or when the set is full, and the
/// set never holds more than <see cref="Capacity"/>: when full of live sessions the one closest to
/// expiry is forgotten first.
/// </summary>
internal sealed class SessionRevocations(TimeProvider time)
{
    public const int Capacity = 10_000;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<UInt128, DateTimeOffset> _revoked = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <summary>How many sessions are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _revoked.Count;
            }
        }
    }

    /// <summary>Remembers a verified session until it expires.</summary>
    /// <param name="cookie">The session cookie, already verified (<see cref="AdminSession.TryRead"/>).</param>
    /// <param name="expires">When the session expires on its own.</param>
    public void Revoke(string cookie, DateTimeOffset expires)
    {
        var id = IdOf(cookie);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now >= _nextPrune || _revoked.Count >= Capacity)
            {
                Prune(now);
                _nextPrune = now + PruneInterval;
            }

            if (_revoked.Count >= Capacity && !_revoked.ContainsKey(id))
            {
                ForgetSoonestExpiring();
            }

            _revoked[id] = expires;
        }
    }

    public bool IsRevoked(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        var id = IdOf(cookie);
        lock (_lock)
        {
            return _revoked.ContainsKey(id);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, expires) in _revoked)
        {
            if (expires <= now)
            {
                _revoked.Remove(id);
            }
        }
    }

    private void ForgetSoonestExpiring()
    {
        var soonest = default(KeyValuePair<UInt128, DateTimeOffset>?);
        foreach (var entry in _revoked)
        {
            if (soonest is null || entry.Value < soonest.Value.Value)
            {
                soonest = entry;
            }
        }

        if (soonest is { } found)
        {
            _revoked.Remove(found.Key);
        }
    }

    private static UInt128 IdOf(string cookie)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(cookie), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
