using System.Text.Json.Nodes;
using Grok2Api.Storage.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Storage.Configuration;

/// <summary>
/// The configuration in force: loaded, migrated and validated at startup, then kept current from
/// admin edits (<see cref="IConfigEditor"/>) and from edits of the stored config (a changed
/// config.toml is applied live; an invalid edit is logged and the previous config stays).
/// Consumers read <see cref="CurrentValue"/> on every use.
/// </summary>
/// <remarks>
/// Thread-safe. Created by <see cref="LoadAsync"/>, which hands the store over: disposing this
/// instance stops watching and disposes the store when it is disposable.
/// </remarks>
public sealed partial class LiveConfig : IOptionsMonitor<GrokConfig>, IConfigEditor, IDisposable
{
    private const string DefaultName = "";

    private readonly IConfigStore _store;
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private LiveConfigSnapshot _current;
    private Action<GrokConfig, string?>[] _listeners = [];
    private IDisposable? _watch;
    private bool _disposed;

    private LiveConfig(IConfigStore store, ILogger logger, string source, LiveConfigSnapshot initial)
    {
        _store = store;
        _logger = logger;
        _source = source;
        _current = initial;
    }

    /// <summary>The config in force. Read it per use; it is replaced, never modified, when the config changes.</summary>
    public GrokConfig CurrentValue => Volatile.Read(ref _current).Config;

    /// <summary>
    /// Loads the config at startup: creates the stored config with every default when there is none
    /// (so operators see every key), migrates an older layout (backing up and rewriting the stored
    /// config), validates everything, and logs unknown keys and ignored settings.
    /// </summary>
    /// <param name="store">Where the config lives; owned by the returned instance from now on.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The live config. Call <see cref="StartWatching"/> (or register it with <c>AddGrokConfig</c>) to follow edits.</returns>
    /// <exception cref="ConfigFormatException">The stored config does not parse, or has invalid values; the message lists every problem.</exception>
    public static async Task<LiveConfig> LoadAsync(IConfigStore store, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        var source = store is LocalConfigStore local ? local.FilePath : "the stored config";

        var stored = await store.LoadAsync(cancellationToken);
        if (stored is null)
        {
            stored = ConfigDefaults.Tree();
            try
            {
                await store.SaveAsync(stored, cancellationToken);
                Log.Created(logger, source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.CreateFailed(logger, source, ex);
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

        if (migration.Changed)
        {
            await WriteMigratedAsync(store, logger, source, migration.Tree, cancellationToken);
        }

        foreach (var warning in bound.Warnings)
        {
            Log.UnknownKey(logger, source, warning);
        }

        if (bound.Config.App.DynamicStatsig)
        {
            Log.DynamicStatsigIgnored(logger);
        }

        return new LiveConfig(store, logger, source, new LiveConfigSnapshot(bound.Config, migration.Tree, bound.Effective));
    }

    /// <inheritdoc/>
    public GrokConfig Get(string? name) => CurrentValue;

    /// <inheritdoc/>
    public IDisposable? OnChange(Action<GrokConfig, string?> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    /// <inheritdoc/>
    public async Task<ConfigPatchResult> PatchAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = Volatile.Read(ref _current);
            JsonObject stored;
            try
            {
                // The stored config, not the memory copy, so an edit made meanwhile is not reverted.
                stored = await _store.LoadAsync(cancellationToken) ?? current.Stored;
            }
            catch (ConfigFormatException ex)
            {
                return new ConfigPatchResult(false, [$"{ex.Message} (fix or remove it before changing settings here)"], []);
            }

            var merged = ConfigTree.DeepMerge(stored, KeepMaskedSecrets(patch, current.Effective));
            var bound = ConfigBinder.Bind(merged);
            if (bound.Config is null)
            {
                return new ConfigPatchResult(false, bound.Errors, bound.Warnings);
            }

            try
            {
                await _store.SaveAsync(merged, cancellationToken);
            }
            catch (ConfigFormatException ex)
            {
                return new ConfigPatchResult(false, [ex.Message], bound.Warnings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new ConfigPatchResult(false, [$"{_source} could not be written: {ex.Message}"], bound.Warnings);
            }

            Apply(new LiveConfigSnapshot(bound.Config, merged, bound.Effective), "admin");
            return new ConfigPatchResult(true, [], bound.Warnings);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public JsonObject GetEffectiveTree(bool maskSecrets)
    {
        var effective = Volatile.Read(ref _current).Effective;
        lock (_lock)
        {
            return maskSecrets ? ConfigSecrets.MaskTree(effective) : ConfigTree.NormalizeObject(effective);
        }
    }

    /// <summary>Starts following changes of the stored config. Idempotent.</summary>
    public void StartWatching()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watch ??= ChangeToken.OnChange(_store.Watch, OnStoreChanged);
        }
    }

    /// <summary>Stops watching and disposes the store when it is disposable.</summary>
    public void Dispose()
    {
        IDisposable? watch;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watch = _watch;
            _watch = null;
        }

        watch?.Dispose();
        _stopping.Cancel();
        (_store as IDisposable)?.Dispose();
    }

    /// <summary>Reads the stored config again and applies it when valid (what a file edit triggers).</summary>
    internal async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            JsonObject? stored;
            try
            {
                stored = await _store.LoadAsync(cancellationToken);
            }
            catch (ConfigFormatException ex)
            {
                Log.Rejected(_logger, _source, ex.Message);
                return;
            }

            if (stored is null)
            {
                Log.Removed(_logger, _source);
                return;
            }

            var migration = ConfigMigration.Migrate(stored);
            LogMigration(_logger, migration);
            var bound = ConfigBinder.Bind(migration.Tree);
            if (bound.Config is null)
            {
                Log.Rejected(_logger, _source, string.Join("; ", bound.Errors));
                return;
            }

            foreach (var warning in bound.Warnings)
            {
                Log.UnknownKey(_logger, _source, warning);
            }

            Apply(new LiveConfigSnapshot(bound.Config, migration.Tree, bound.Effective), _source);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task WriteMigratedAsync(IConfigStore store, ILogger logger, string source, JsonObject tree, CancellationToken cancellationToken)
    {
        try
        {
            if (store is IConfigBackup backup && await backup.BackupAsync("v1", cancellationToken) is { } copy)
            {
                Log.MigrationBackup(logger, copy);
            }

            await store.SaveAsync(tree, cancellationToken);
            Log.MigrationWritten(logger, source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without a backup the original is not touched; the migrated values still apply in memory.
            Log.MigrationWriteFailed(logger, source, ex);
        }
    }

    private static void LogMigration(ILogger logger, ConfigMigrationResult migration)
    {
        foreach (var note in migration.Notes)
        {
            if (note.Kind == ConfigMigrationNoteKind.Mapped)
            {
                Log.MigrationNote(logger, note.Message);
            }
            else
            {
                Log.MigrationWarning(logger, note.Message);
            }
        }
    }

    // An admin page that sends back the masked value it was shown means "unchanged".
    private static JsonObject KeepMaskedSecrets(JsonObject patch, JsonObject effective)
    {
        var result = new JsonObject();
        foreach (var (key, value) in patch)
        {
            var current = effective[key];
            result[key] = value switch
            {
                JsonObject child => KeepMaskedSecrets(child, current as JsonObject ?? []),
                JsonValue candidate when ConfigTree.ReadScalar(candidate) is string text
                    && current is JsonValue existing
                    && ConfigTree.ReadScalar(existing) is string secret
                    && ConfigSecrets.IsMaskOf(key, secret, text) => JsonValue.Create(secret),
                _ => ConfigTree.Normalize(value),
            };
        }

        return result;
    }

    private static IEnumerable<string> ChangedKeys(JsonObject before, JsonObject after)
    {
        foreach (var (section, node) in after)
        {
            if (node is JsonObject table && before[section] is JsonObject old)
            {
                foreach (var (key, value) in table)
                {
                    if (!ConfigTree.StrictEquals(value, old[key]))
                    {
                        yield return $"{section}.{key}";
                    }
                }

                foreach (var (key, _) in old)
                {
                    if (!table.ContainsKey(key))
                    {
                        yield return $"{section}.{key}";
                    }
                }
            }
            else if (!ConfigTree.StrictEquals(node, before[section]))
            {
                yield return section;
            }
        }

        foreach (var (section, _) in before)
        {
            if (!after.ContainsKey(section))
            {
                yield return section;
            }
        }
    }

    private void OnStoreChanged()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _ = ReloadInBackgroundAsync();
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ReloadFailed(_logger, _source, ex);
        }
    }

    private void Apply(LiveConfigSnapshot next, string origin)
    {
        LiveConfigSnapshot previous;
        Action<GrokConfig, string?>[] listeners;
        lock (_lock)
        {
            previous = _current;
            Volatile.Write(ref _current, next);
            listeners = _listeners;
        }

        var changed = ChangedKeys(previous.Effective, next.Effective).ToList();
        if (changed.Count == 0)
        {
            Log.Unchanged(_logger, origin);
            return;
        }

        Log.Applied(_logger, origin, string.Join(", ", changed));
        if (next.Config.App.DynamicStatsig && !previous.Config.App.DynamicStatsig)
        {
            Log.DynamicStatsigIgnored(_logger);
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener(next.Config, DefaultName);
            }
#pragma warning disable CA1031 // A failing listener must not stop the others nor undo the change.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ListenerFailed(_logger, ex);
            }
        }
    }

    private void Unsubscribe(Action<GrokConfig, string?> listener)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index >= 0)
            {
                _listeners = [.. _listeners[..index], .. _listeners[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(LiveConfig owner, Action<GrokConfig, string?> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(listener);
            }
        }
    }
}
