namespace Grok2Api.Proxy.Video;

/// <summary>Forgets expired video jobs once a minute, so jobs nobody asks about again do not stay in memory.</summary>
internal sealed class VideoJobSweeper(VideoJobs jobs, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Period, time, stoppingToken);
                jobs.Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
