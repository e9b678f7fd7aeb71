using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Sql;

/// <summary>Log messages of the SQL backends (EventIds 1350-1399).</summary>
internal static partial class SqlLog
{
    [LoggerMessage(EventId = 1350, EventName = "SqlSchemaMigrated", Level = LogLevel.Information, Message = "{Kind} schema at {Store} migrated from version {From} to {To}")]
    public static partial void SchemaMigrated(ILogger logger, string kind, string store, int from, int to);

    [LoggerMessage(EventId = 1351, EventName = "SqlStoreUnavailable", Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void Unavailable(ILogger logger, string problem);

    [LoggerMessage(EventId = 1352, EventName = "SqlStoreRecovered", Level = LogLevel.Information, Message = "{Kind} store {Store} is reachable again")]
    public static partial void Recovered(ILogger logger, string kind, string store);

    [LoggerMessage(EventId = 1353, EventName = "SqlListenerLost", Level = LogLevel.Warning, Message = "{Kind} change listener lost its connection ({Problem}); retrying in {DelayMs} ms")]
    public static partial void ListenerLost(ILogger logger, string kind, string problem, long delayMs);

    [LoggerMessage(EventId = 1354, EventName = "SqlListenerConnected", Level = LogLevel.Debug, Message = "{Kind} change listener connected (reconnect: {Reconnect})")]
    public static partial void ListenerConnected(ILogger logger, string kind, bool reconnect);

    [LoggerMessage(EventId = 1355, EventName = "SqlRecordUnreadable", Level = LogLevel.Warning, Message = "{Kind}: the stored {Table} record {Id} does not parse; it is skipped")]
    public static partial void RecordUnreadable(ILogger logger, string kind, string table, string id);

    [LoggerMessage(EventId = 1356, EventName = "SqlChangesPruned", Level = LogLevel.Debug, Message = "{Kind}: pruned {Count} old change rows")]
    public static partial void ChangesPruned(ILogger logger, string kind, int count);

    [LoggerMessage(EventId = 1357, EventName = "SqlListenerNotReady", Level = LogLevel.Warning, Message = "{Kind} change listener is not connected yet; changes by other instances are picked up once it is")]
    public static partial void ListenerNotReady(ILogger logger, string kind);
}
