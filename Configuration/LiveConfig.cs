using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Configuration;

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
public sealed class LiveConfig : IOptionsMonitor<GrokConfig>, IConfigEditor, IDisposable
{
    private readonly IConfigStore _store;
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly ConfigChangeListeners<GrokConfig> _listeners;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private LiveConfigSnapshot _current;
    private IDisposable? _watch;
    private bool _disposed;

    private LiveConfig(IConfigStore store, ILogger logger, string source, LiveConfigSnapshot initial)
    {
        _store = store;
        _logger = logger;
        _source = source;
        _listeners = new ConfigChangeListeners<GrokConfig>(logger);
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
        var source = store.Source;
        var snapshot = await LiveConfigStartup.LoadAsync(store, logger, source, cancellationToken);
        return new LiveConfig(store, logger, source, snapshot);
    }

    /// <inheritdoc/>
    public GrokConfig Get(string? name) => CurrentValue;

    /// <inheritdoc/>
    public IDisposable? OnChange(Action<GrokConfig, string?> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return _listeners.Add(listener);
    }

    /// <summary>
    /// The sections and keys a patch sets that no setting reads, each as a problem naming it and the known
    /// keys of its section. Setting one to null (removing it from the file) is allowed, and so is sending
    /// back unchanged one the file already holds (a client that patches the whole tree it read).
    /// </summary>
    private static List<string> UnknownKeys(JsonObject changes, JsonObject effective)
    {
        var problems = new List<string>();
        foreach (var (name, node) in changes)
        {
            var section = ConfigSchema.FindSection(name);
            if (section is null)
            {
                if (node is not null && !JsonNode.DeepEquals(node, effective[name]))
                {
                    problems.Add($"{name}: unknown section; the sections are {string.Join(", ", ConfigSchema.Sections.Select(s => s.Name))}");
                }

                continue;
            }

            if (section.IsMap || node is not JsonObject table)
            {
                continue;
            }

            foreach (var (key, value) in table)
            {
                if (value is not null && section.Find(key) is null && !JsonNode.DeepEquals(value, (effective[name] as JsonObject)?[key]))
                {
                    problems.Add($"{name}.{key}: unknown key; the keys of [{name}] are {string.Join(", ", section.Keys.Select(k => k.Name))}");
                }
            }
        }

        return problems;
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

            var changes = ConfigValueCoercer.Canonicalize(ConfigSecrets.KeepMaskedSecrets(patch, current.Effective));
            // A key the file holds but no setting reads is kept (it may be the original's); a change
            // sent here that names one is a typo, which would be saved and do nothing. It is reported
            // with every other problem of the change, so one answer lists them all.
            var unknown = UnknownKeys(changes, current.Effective);
            var merged = ConfigTree.DeepMerge(stored, changes);
            var bound = ConfigBinder.Bind(merged);
            if (bound.Config is null || unknown.Count > 0)
            {
                return new ConfigPatchResult(false, [.. unknown, .. bound.Errors], bound.Warnings);
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
    /// <exception cref="ObjectDisposedException">This instance was disposed.</exception>
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
                ConfigLog.Rejected(_logger, _source, ex.Message);
                return;
            }

            if (stored is null)
            {
                ConfigLog.Removed(_logger, _source);
                return;
            }

            // Old-layout keys pasted into a running instance apply in memory; the next start rewrites the file.
            var migration = ConfigMigration.Migrate(stored);
            LiveConfigStartup.LogMigration(_logger, migration);
            var bound = ConfigBinder.Bind(migration.Tree);
            if (bound.Config is null)
            {
                ConfigLog.Rejected(_logger, _source, string.Join("; ", bound.Errors));
                return;
            }

            foreach (var warning in bound.Warnings)
            {
                ConfigLog.UnknownKey(_logger, _source, warning);
            }

            Apply(new LiveConfigSnapshot(bound.Config, migration.Tree, bound.Effective), _source);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnStoreChanged()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _ = ReloadInBackgroundAsync();
        }
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
            ConfigLog.ReloadFailed(_logger, _source, ex);
        }
    }

    private void Apply(LiveConfigSnapshot next, string origin)
    {
        LiveConfigSnapshot previous;
        lock (_lock)
        {
            previous = _current;
            Volatile.Write(ref _current, next);
        }

        var changed = ConfigTreeDiff.ChangedKeys(previous.Effective, next.Effective).ToList();
        if (changed.Count == 0)
        {
            ConfigLog.Unchanged(_logger, origin);
            return;
        }

        ConfigLog.Applied(_logger, origin, string.Join(", ", changed));
        if (next.Config.App.DynamicStatsig && !previous.Config.App.DynamicStatsig)
        {
            ConfigLog.DynamicStatsigIgnored(_logger);
        }

        _listeners.Notify(next.Config);
    }
}
