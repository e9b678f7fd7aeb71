using Grok2Api.Storage.Local;
using Grok2Api.Storage.Redis;
using Grok2Api.Storage.Sql;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage;

/// <summary>Creates the backend that <c>SERVER_STORAGE_TYPE</c> names.</summary>
public static class StorageBackends
{
    /// <summary>
    /// Creates (does not open) the backend of <paramref name="settings"/>: the files under
    /// <c>DATA_DIR</c> for local, otherwise the store at <see cref="StorageSettings.ConnectionUrl"/>.
    /// </summary>
    /// <param name="settings">The storage kind, data directory and connection URL.</param>
    /// <param name="instance">This process among the instances sharing the store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Loggers of the stores.</param>
    /// <returns>The backend; call <see cref="IStorageBackend.OpenAsync"/> before use, dispose it at the end.</returns>
    /// <exception cref="ArgumentException">The URL does not fit the kind (the message names no credential).</exception>
    public static IStorageBackend Create(StorageSettings settings, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return settings.Kind switch
        {
            StorageKind.Local => new LocalStorageBackend(settings, instance, time, loggerFactory),
            StorageKind.PostgreSql => new PostgresStorageBackend(settings.ConnectionUrl, instance, time, loggerFactory),
            StorageKind.MySql => new MySqlStorageBackend(settings.ConnectionUrl, instance, time, loggerFactory),
            StorageKind.Redis => new RedisStorageBackend(settings.ConnectionUrl, instance, time, loggerFactory),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "Unknown storage kind."),
        };
    }

    /// <summary>The <c>SERVER_STORAGE_TYPE</c> value of <paramref name="kind"/>: local, redis, pgsql or mysql.</summary>
    /// <param name="kind">The storage kind.</param>
    public static string KindName(StorageKind kind) => kind switch
    {
        StorageKind.Local => "local",
        StorageKind.Redis => "redis",
        StorageKind.PostgreSql => "pgsql",
        StorageKind.MySql => "mysql",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown storage kind."),
    };

    /// <summary>Parses a <c>SERVER_STORAGE_TYPE</c> value (case-insensitive); null when it names no kind.</summary>
    /// <param name="value">local, redis, pgsql or mysql.</param>
    public static StorageKind? ParseKind(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "local" => StorageKind.Local,
        "redis" => StorageKind.Redis,
        "pgsql" => StorageKind.PostgreSql,
        "mysql" => StorageKind.MySql,
        _ => null,
    };
}
