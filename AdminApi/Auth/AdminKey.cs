using Grok2Api.Configuration;

namespace Grok2Api.AdminApi.Auth;

/// <summary>The admin key check: <c>app.app_key</c> compared in constant time (<see cref="SecretKeys"/>).</summary>
internal static class AdminKey
{
    public static bool Matches(string? presented, string expected) => SecretKeys.Matches(presented, expected);

    public static string? ReadBearer(HttpRequest request) => SecretKeys.ReadBearer(request.Headers.Authorization.ToString());
}
