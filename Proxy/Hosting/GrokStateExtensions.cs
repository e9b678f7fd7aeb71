using Grok2Api.Storage;
using Grok2Api.Storage.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Hosting;

/// <summary>Wires where state lives: config, storage and the token pool.</summary>
internal static class GrokStateExtensions
{
    public static Task AddGrokStateAsync(this WebApplicationBuilder builder, HostSettings settings, ILogger startup, CancellationToken cancellationToken)
    {
        if (settings.Storage.Kind != StorageKind.Local)
        {
            throw new StartupException(
                $"SERVER_STORAGE_TYPE={settings.Storage.Kind} is recognised but shared storage is not available in this build yet; use local.");
        }

        _ = startup;
        _ = cancellationToken;
        builder.Services.AddSingleton<IOptionsMonitor<GrokConfig>>(new FixedConfigMonitor(new GrokConfig()));
        return Task.CompletedTask;
    }

    public static Task InitializeGrokStateAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        _ = app;
        _ = cancellationToken;
        return Task.CompletedTask;
    }

    private sealed class FixedConfigMonitor(GrokConfig value) : IOptionsMonitor<GrokConfig>
    {
        public GrokConfig CurrentValue => value;

        public GrokConfig Get(string? name) => value;

        public IDisposable? OnChange(Action<GrokConfig, string?> listener) => null;
    }
}
