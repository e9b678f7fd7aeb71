namespace Grok2Api.Proxy.Media;

/// <summary>
/// Trims the media cache when nothing new is stored: once at startup (a DATA_DIR may arrive above the
/// limit, for example from the original project) and whenever the <c>cache</c> section changes (a
/// lower <c>limit_mb</c>, auto clean switched on). The trim runs in the background, so neither startup
/// nor the config reload waits for it; stopping waits for a trim in progress.
/// </summary>
internal sealed class MediaCacheAutoTrim(MediaCacheTrimmer trimmer, IOptionsMonitor<CacheSection> cache) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private Task _running = Task.CompletedTask;
    private IDisposable? _listener;

    /// <summary>The trim started last, for tests and for <see cref="StopAsync"/>.</summary>
    public Task Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = cache.OnChange((_, _) => Start());
        Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        _listener = null;
        await Running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _listener?.Dispose();

    private void Start()
    {
        lock (_lock)
        {
            // One after the other: a change during a trim gets a trim of its own with the new values.
            _running = _running.ContinueWith(
                _ => trimmer.TrimAsync(null, CancellationToken.None),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }
    }
}
