using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.AdminApi.Auth;

/// <summary>Constant-time comparison of a presented admin key with <c>app.app_key</c>.</summary>
internal static class AdminKey
{
    public static bool Matches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    public static string? ReadBearer(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = header[Scheme.Length..].Trim();
        return value.Length == 0 ? null : value;
    }
}
