namespace Grok2Api.Proxy.Video;

/// <summary>
/// Keeps the video jobs and their store in step: writes the jobs that changed once per
/// <see cref="VideoJobs.FlushInterval"/> (the latest state of each, retried while the store cannot be reached),
/// reads the running jobs' records every <see cref="VideoJobs.WatchInterval"/> for deletes made on other instances,
/// and once a minute forgets expired jobs, here and in the store.
/// </summary>
internal sealed class VideoJobSweeper(VideoJobs jobs, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastWatch = time.GetUtcNow();
        var lastSweep = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(VideoJobs.FlushInterval, time, stoppingToken);
                await jobs.FlushAsync(stoppingToken);
                var now = time.GetUtcNow();
                if (now - lastWatch >= VideoJobs.WatchInterval)
                {
                    lastWatch = now;
                    await jobs.WatchDeletesAsync(stoppingToken);
                }

                if (now - lastSweep >= SweepPeriod)
                {
                    lastSweep = now;
                    await jobs.SweepStoredAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The last states (jobs stopped by the shutdown) are written once more, bounded by the host's own timeout.
        try
        {
            await jobs.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
