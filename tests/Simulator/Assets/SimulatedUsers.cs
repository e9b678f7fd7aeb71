using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.Simulator.Assets;

/// <summary>The simulated user id of an account: UUID-shaped and stable for a token, as asset paths carry it.</summary>
public static class SimulatedUsers
{
    /// <summary>The user id of <paramref name="token"/>, e.g. <c>3f2a…-…</c>; the same token always gets the same id.</summary>
    public static string IdOf(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-8{hex[17..20]}-{hex[20..32]}";
    }
}
