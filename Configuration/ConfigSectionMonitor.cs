using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration;

/// <summary>
/// One section of the live config published as its own options. <see cref="CurrentValue"/> reads
/// the config in force on every call; <see cref="OnChange"/> listeners are called only when a new
/// config brings a section that is not equal to the previous one (the sections compare by value).
/// </summary>
/// <typeparam name="TSection">The section type.</typeparam>
internal sealed class ConfigSectionMonitor<TSection> : IOptionsMonitor<TSection>, IDisposable
    where TSection : class
{
    private readonly IOptionsMonitor<GrokConfig> _config;
    private readonly Func<GrokConfig, TSection> _select;
    private readonly ConfigChangeListeners<TSection> _listeners;
    private readonly IDisposable? _subscription;
    private readonly Lock _lock = new();
    private TSection _last;

    public ConfigSectionMonitor(IOptionsMonitor<GrokConfig> config, Func<GrokConfig, TSection> select, ILogger logger)
    {
        _config = config;
        _select = select;
        _listeners = new ConfigChangeListeners<TSection>(logger);
        _last = select(config.CurrentValue);
        _subscription = config.OnChange((next, _) => OnConfigChanged(next));
    }

    public TSection CurrentValue => _select(_config.CurrentValue);

    public TSection Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<TSection, string?> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return _listeners.Add(listener);
    }

    public void Dispose() => _subscription?.Dispose();

    private void OnConfigChanged(GrokConfig config)
    {
        var next = _select(config);
        lock (_lock)
        {
            if (EqualityComparer<TSection>.Default.Equals(_last, next))
            {
                return;
            }

            _last = next;
        }

        _listeners.Notify(next);
    }
}
