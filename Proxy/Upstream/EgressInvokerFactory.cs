namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Hands out pooled HTTP invokers for upstream calls, one handler per distinct proxy setting. The
/// proxy config is read on every call, so a change applies to the next call without a restart;
/// handlers of a proxy no longer configured are retired and disposed after a grace period once
/// idle. Thread-safe.
/// </summary>
internal sealed partial class EgressInvokerFactory : IDisposable
{
    /// <summary>How long a retired handler is kept at least (it also waits for its leases).</summary>
    public static readonly TimeSpan DefaultRetireGracePeriod = TimeSpan.FromMinutes(2);

    private const string DirectKey = "";

    private readonly IOptionsMonitor<ProxySection> _config;
    private readonly TimeProvider _time;
    private readonly ILogger<EgressInvokerFactory> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string ProxyKey, bool FollowRedirects), EgressHandlerEntry> _active = [];
    private readonly List<EgressHandlerEntry> _retired = [];
    private (string Base, string Asset) _seen = ("", "");
    private bool _disposed;

    public EgressInvokerFactory(IOptionsMonitor<ProxySection> config, TimeProvider time, ILogger<EgressInvokerFactory> logger)
    {
        _config = config;
        _time = time;
        _logger = logger;
    }

    /// <summary>Grace period before a retired handler may be disposed.</summary>
    public TimeSpan RetireGracePeriod { get; init; } = DefaultRetireGracePeriod;

    /// <summary>Handlers currently serving new requests.</summary>
    internal int ActiveHandlerCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Retired handlers not yet disposed.</summary>
    internal int RetiredHandlerCount
    {
        get
        {
            lock (_lock)
            {
                _retired.RemoveAll(e => e.IsDisposed);
                return _retired.Count;
            }
        }
    }

    /// <summary>
    /// Leases the invoker for an egress under the current config, or returns null with a reason
    /// when the configured proxy URL is unusable (the call must then not go out directly).
    /// </summary>
    public EgressLease? Acquire(GrokEgress egress, bool followRedirects, out string? error)
    {
        var section = _config.CurrentValue;
        var baseUrl = section.BaseProxyUrl.Trim();
        var assetUrl = section.AssetProxyUrl.Trim();
        var url = egress == GrokEgress.Asset && assetUrl.Length > 0 ? assetUrl : baseUrl;

        EgressProxy? proxy = null;
        if (url.Length > 0 && !EgressProxy.TryParse(url, out proxy, out error))
        {
            Log.InvalidProxyUrl(_logger, egress, error!);
            return null;
        }

        var key = (proxy?.Key ?? DirectKey, followRedirects);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_seen != (baseUrl, assetUrl))
            {
                _seen = (baseUrl, assetUrl);
                RetireStaleLocked(KeyOf(baseUrl), KeyOf(assetUrl.Length > 0 ? assetUrl : baseUrl));
            }

            if (!_active.TryGetValue(key, out var entry))
            {
                var description = proxy?.Redacted ?? "direct";
                entry = new EgressHandlerEntry(new HttpMessageInvoker(EgressHandlerBuilder.Create(proxy, followRedirects)), description);
                _active[key] = entry;
                Log.HandlerCreated(_logger, description, followRedirects);
            }

            entry.AddLease();
            error = null;
            return new EgressLease(entry);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _active.Values.Concat(_retired))
            {
                entry.Dispose();
            }

            _active.Clear();
            _retired.Clear();
        }
    }

    private static string? KeyOf(string url) =>
        url.Length == 0 ? DirectKey : EgressProxy.TryParse(url, out var proxy, out _) ? proxy!.Key : null;

    private void RetireStaleLocked(string? baseKey, string? assetKey)
    {
        foreach (var (key, entry) in _active.ToArray())
        {
            if (key.ProxyKey == baseKey || key.ProxyKey == assetKey)
            {
                continue;
            }

            _active.Remove(key);
            _retired.Add(entry);
            entry.Retire(_time, RetireGracePeriod);
            Log.HandlerRetired(_logger, entry.Description);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.InvalidProxyUrl, Level = LogLevel.Error,
            Message = "The {Egress} egress proxy URL is unusable ({Reason}); upstream calls on it fail until the config is fixed")]
        public static partial void InvalidProxyUrl(ILogger logger, GrokEgress egress, string reason);

        [LoggerMessage(EventId = EventIds.HandlerCreated, Level = LogLevel.Information,
            Message = "Upstream connection pool created via {Proxy} (follow redirects: {FollowRedirects})")]
        public static partial void HandlerCreated(ILogger logger, string proxy, bool followRedirects);

        [LoggerMessage(EventId = EventIds.HandlerRetired, Level = LogLevel.Information,
            Message = "Upstream connection pool via {Proxy} retired after a proxy config change")]
        public static partial void HandlerRetired(ILogger logger, string proxy);
    }
}
