using System.Collections.Concurrent;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// Session cookies ended by logout. The cookie itself is stateless (a signed expiry), so a copy of
/// it would stay valid until it expires; remembering logged-out cookies until their expiry closes
/// that gap on this instance.
/// </summary>
internal sealed class SessionRevocations(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public void Revoke(string cookie)
    {
        var now = time.GetUtcNow();
        foreach (var (value, expiry) in _revoked)
        {
            if (expiry <= now)
            {
                _revoked.TryRemove(value, out _);
            }
        }

        _revoked[cookie] = now + AdminSession.Lifetime;
    }

    public bool IsRevoked(string? cookie) => cookie is not null && _revoked.ContainsKey(cookie);
}
