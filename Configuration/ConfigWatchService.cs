using Microsoft.Extensions.Hosting;

namespace Grok2Api.Configuration;

/// <summary>Follows edits of the stored config while the host runs, and stops at shutdown.</summary>
internal sealed class ConfigWatchService(LiveConfig config) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        config.StartWatching();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        config.Dispose();
        return Task.CompletedTask;
    }
}
