using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Sql;

/// <summary>The PostgreSQL store (<c>SERVER_STORAGE_TYPE=pgsql</c>).</summary>
public sealed class PostgresStorageBackend : SqlStorageBackend
{
    /// <summary>Creates the backend; nothing is connected before <see cref="SqlStorageBackend.OpenAsync"/>.</summary>
    /// <param name="connectionUrl">The <c>SERVER_STORAGE_URL</c> value.</param>
    /// <param name="instance">This instance (lease owner, notice origin).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <exception cref="ArgumentException">The URL does not parse or names another kind (the message never holds the password).</exception>
    public PostgresStorageBackend(string connectionUrl, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
        : base(new PostgresDialect(), connectionUrl, instance, time, loggerFactory)
    {
    }
}
