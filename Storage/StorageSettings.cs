namespace Grok2Api.Storage;

/// <summary>The storage kind chosen by <c>SERVER_STORAGE_TYPE</c>.</summary>
public enum StorageKind
{
    /// <summary>Files under <c>DATA_DIR</c> (single instance).</summary>
    Local,

    /// <summary>Redis (<c>redis://</c>, <c>rediss://</c>).</summary>
    Redis,

    /// <summary>MySQL or MariaDB.</summary>
    MySql,

    /// <summary>PostgreSQL.</summary>
    PostgreSql,
}

/// <summary>Where state lives: resolved once at startup from the environment (docs/compatibility.md §3).</summary>
/// <param name="DataDirectory">Absolute path of <c>DATA_DIR</c>.</param>
/// <param name="Kind">The storage kind.</param>
/// <param name="ConnectionUrl">The <c>SERVER_STORAGE_URL</c> value; empty for local.</param>
public sealed record StorageSettings(string DataDirectory, StorageKind Kind, string ConnectionUrl);
