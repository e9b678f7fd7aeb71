using Microsoft.Extensions.Hosting;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// Saves the batch tasks and stops the running ones when the host stops. It only acts when the engine was
/// used: the engine attaches itself when it is created, so a host that never served a task route needs
/// none of its dependencies.
/// </summary>
internal sealed class BatchTaskLifetime : IHostedService
{
    private BatchTaskRegistry? _registry;

    public void Attach(BatchTaskRegistry registry) => _registry = registry;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _registry?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
