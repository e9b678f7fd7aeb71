using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Responses;

namespace Grok2Api.Proxy.Responses;

/// <summary>
/// Removes stored responses whose retention ran out (<c>responses.retention_days</c>), once an hour
/// and once shortly after start. Reads already ignore an expired record; this frees the space (files
/// under <c>DATA_DIR/responses</c>, rows of <c>g2a_responses</c>; Redis expires its keys by itself).
/// With a shared store, the instance that takes the lease <see cref="LeaseName"/> for the hour does it.
/// A failed purge is logged and tried again at the next tick.
/// </summary>
internal sealed partial class ResponseStorePurger(
    IResponseRecordStore store,
    IEnumerable<IStoreLeases> leases,
    TimeProvider time,
    ILogger<ResponseStorePurger> logger) : BackgroundService
{
    /// <summary>The lease one instance of a shared store takes for each purge.</summary>
    public const string LeaseName = "responses_purge";

    /// <summary>How often expired responses are removed.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>The wait before the first purge after start.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);

    private readonly IStoreLeases? _leases = leases.FirstOrDefault(l => l is not LocalLeases);

    /// <summary>Called after every purge attempt with the number removed, or -1 when it was skipped or failed (tests wait on it).</summary>
    internal Action<int>? Purged { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(Period, time);
            do
            {
                Purged?.Invoke(await PurgeOnceAsync(stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One purge: the number of records removed, or -1 when another instance has the hour or the store failed.</summary>
    internal async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The lease is not given back: it keeps the other instances from purging again this hour.
            if (_leases is not null && !await _leases.TryAcquireAsync(LeaseName, Period - TimeSpan.FromMinutes(5), cancellationToken))
            {
                return -1;
            }

            var removed = await store.PurgeExpiredAsync(time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
            if (removed > 0)
            {
                Log.Purged(logger, removed);
            }

            return removed;
        }
        catch (IOException ex)
        {
            Log.PurgeFailed(logger, ex.Message);
            return -1;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ResponsesPurged, Level = LogLevel.Information, Message = "Removed {Count} stored responses past their retention")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = EventIds.ResponsesPurgeFailed, Level = LogLevel.Warning, Message = "Expired stored responses could not be removed now: {Problem}")]
        public static partial void PurgeFailed(ILogger logger, string problem);
    }
}
