using Grok2Api.Proxy.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway (the same wiring as Program.cs) on a real Kestrel socket at 127.0.0.1 with a
/// dynamic port, over a scratch DATA_DIR.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseAddress, string dataDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayHost> StartAsync(string dataDirectory, CancellationToken cancellationToken, params string[] extraArgs)
    {
        string[] args =
        [
            $"--DATA_DIR={dataDirectory}",
            "--SERVER_HOST=127.0.0.1",
            "--SERVER_PORT=0",
            "--LOG_FILE_ENABLED=false",
            "--LOG_LEVEL=WARNING",
            .. extraArgs,
        ];
        var app = await GrokApp.BuildAsync(args, cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), dataDirectory);
    }

    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }
}
