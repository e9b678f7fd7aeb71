using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Proxy.Models;

/// <summary>
/// The aliases of <c>[model_alias]</c> in config.toml, followed live: the <see cref="ModelAliases"/>
/// is rebuilt only when the table's content changed (an edit of another section costs nothing), and
/// every entry that cannot work is logged once per change of the table: a target that is not a model
/// of the catalogue, or a name that is itself a catalogue id (a catalogue id always means itself).
/// Such entries are left out. Thread-safe.
/// </summary>
internal sealed partial class ConfiguredModelAliases : IModelAliasSource, IDisposable
{
    private readonly IOptionsMonitor<ModelAliasSection> _table;
    private readonly ILogger<ConfiguredModelAliases> _logger;
    private readonly Lock _lock = new();
    private readonly IDisposable? _subscription;
    private State _state;

    public ConfiguredModelAliases(IOptionsMonitor<ModelAliasSection> table, ILogger<ConfiguredModelAliases> logger)
    {
        _table = table;
        _logger = logger;
        var initial = table.CurrentValue;
        _state = new State(initial, Build(initial));

        // Also on a change nobody resolves a model for yet, so the warnings come with the edit.
        _subscription = table.OnChange((next, _) => Refresh(next));
    }

    /// <inheritdoc />
    public ModelAliases Current
    {
        get
        {
            var table = _table.CurrentValue;
            var state = Volatile.Read(ref _state);
            return ReferenceEquals(state.Table, table) ? state.Aliases : Refresh(table);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private ModelAliases Refresh(ModelAliasSection table)
    {
        lock (_lock)
        {
            var state = _state;
            if (ReferenceEquals(state.Table, table))
            {
                return state.Aliases;
            }

            // A new config with the same aliases keeps the built table (and logs nothing again).
            var aliases = state.Table.Equals(table) ? state.Aliases : Build(table);
            Volatile.Write(ref _state, new State(table, aliases));
            return aliases;
        }
    }

    private ModelAliases Build(ModelAliasSection table)
    {
        foreach (var (alias, target) in table.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (GrokModelCatalog.TryGet(alias, out _))
            {
                Log.ShadowsModel(_logger, alias);
            }
            else if (!GrokModelCatalog.TryGet(target, out _))
            {
                Log.UnknownTarget(_logger, alias, target);
            }
        }

        var aliases = new ModelAliases(table);
        if (table.Count > 0)
        {
            Log.Applied(_logger, aliases.Map.Count, table.Count);
        }

        return aliases;
    }

    private sealed record State(ModelAliasSection Table, ModelAliases Aliases);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ModelAliasUnknownTarget, Level = LogLevel.Warning,
            Message = "model_alias.{Alias} is ignored: '{Target}' is not a model of GET /v1/models")]
        public static partial void UnknownTarget(ILogger logger, string alias, string target);

        [LoggerMessage(EventId = EventIds.ModelAliasShadowsModel, Level = LogLevel.Warning,
            Message = "model_alias.{Alias} is ignored: it is a model id of GET /v1/models, which always means itself")]
        public static partial void ShadowsModel(ILogger logger, string alias);

        [LoggerMessage(EventId = EventIds.ModelAliasesApplied, Level = LogLevel.Information,
            Message = "Model aliases in force: {Used} of {Configured}")]
        public static partial void Applied(ILogger logger, int used, int configured);
    }
}
