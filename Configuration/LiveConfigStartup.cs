using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Configuration;

/// <summary>The startup part of <see cref="LiveConfig.LoadAsync"/>: create, migrate, validate, report.</summary>
internal static class LiveConfigStartup
{
    public static async Task<LiveConfigSnapshot> LoadAsync(IConfigStore store, ILogger logger, string source, CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(cancellationToken);

        // An empty file (touched by a deployment script, or comments only) is filled in too.
        if (stored is null || stored.Count == 0)
        {
            stored = ConfigDefaults.Tree();
            try
            {
                await store.SaveAsync(stored, cancellationToken);
                ConfigLog.Created(logger, source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ConfigLog.CreateFailed(logger, source, ex);
            }
        }

        var migration = ConfigMigration.Migrate(stored);
        LogMigration(logger, migration);
        var bound = ConfigBinder.Bind(migration.Tree);
        if (bound.Config is null)
        {
            throw new ConfigFormatException(
                $"{source} has {bound.Errors.Count} invalid value{(bound.Errors.Count == 1 ? "" : "s")}:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", bound.Errors));
        }

        // Only a valid result is written back: an invalid old file stays as the operator wrote it.
        if (migration.Changed)
        {
            await WriteMigratedAsync(store, logger, source, migration.Tree, cancellationToken);
        }

        foreach (var warning in bound.Warnings)
        {
            ConfigLog.UnknownKey(logger, source, warning);
        }

        if (bound.Config.App.DynamicStatsig)
        {
            ConfigLog.DynamicStatsigIgnored(logger);
        }

        return new LiveConfigSnapshot(bound.Config, migration.Tree, bound.Effective);
    }

    public static void LogMigration(ILogger logger, ConfigMigrationResult migration)
    {
        foreach (var note in migration.Notes)
        {
            var level = note.Kind == ConfigMigrationNoteKind.Mapped ? LogLevel.Information : LogLevel.Warning;
            ConfigLog.MigrationNote(logger, level, note.Message);
        }
    }

    private static async Task WriteMigratedAsync(IConfigStore store, ILogger logger, string source, JsonObject tree, CancellationToken cancellationToken)
    {
        try
        {
            if (store is IConfigBackup backup && await backup.BackupAsync("v1", cancellationToken) is { } copy)
            {
                ConfigLog.MigrationBackup(logger, copy);
            }

            await store.SaveAsync(tree, cancellationToken);
            ConfigLog.MigrationWritten(logger, source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without a backup the original is not touched; the migrated values still apply in memory.
            ConfigLog.MigrationWriteFailed(logger, source, ex);
        }
    }
}
