using Grok2Api.Storage;

namespace Grok2Api.Proxy.Hosting;

/// <summary>Checks that <c>SERVER_STORAGE_URL</c> fits <c>SERVER_STORAGE_TYPE</c> (docs/compatibility.md §3).</summary>
internal static class StorageUrlValidator
{
    private static readonly string[] RedisSchemes = ["redis", "rediss"];
    private static readonly string[] PostgresSchemes = ["postgresql", "postgres", "pgsql", "postgresql+asyncpg"];
    private static readonly string[] MySqlSchemes = ["mysql", "mariadb", "mysql+aiomysql", "mariadb+aiomysql"];

    public static void Validate(StorageKind kind, string url)
    {
        var schemes = kind switch
        {
            StorageKind.Redis => RedisSchemes,
            StorageKind.PostgreSql => PostgresSchemes,
            StorageKind.MySql => MySqlSchemes,
            _ => null,
        };
        if (schemes is null)
        {
            return;
        }

        var type = kind switch
        {
            StorageKind.Redis => "redis",
            StorageKind.PostgreSql => "pgsql",
            _ => "mysql",
        };
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new StartupException($"SERVER_STORAGE_TYPE={type} needs SERVER_STORAGE_URL (e.g. {schemes[0]}://user:password@host/...).");
        }

        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator > 0 ? url[..separator].ToLowerInvariant() : "";
        if (!schemes.Contains(scheme))
        {
            throw new StartupException(
                $"SERVER_STORAGE_URL must start with one of {string.Join(", ", schemes.Select(s => s + "://"))} when SERVER_STORAGE_TYPE={type}.");
        }
    }
}
