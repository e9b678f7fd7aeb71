using Grok2Api.Simulator;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>A grok.com simulator and a gateway whose config.toml points every upstream URL at it.</summary>
public sealed class SimulatedUpstream : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private SimulatedUpstream(GrokSimulator simulator, GatewayHost gateway, TempDirectory data)
    {
        Simulator = simulator;
        Gateway = gateway;
        _data = data;
    }

    public GrokSimulator Simulator { get; }

    public GatewayHost Gateway { get; }

    public AdminClient Admin => new(Gateway.Client);

    /// <summary>
    /// Starts both; <paramref name="extraToml"/> is appended to the config (the scheduler is off unless it says otherwise),
    /// and <paramref name="tokensJson"/>, when given, is the token.json the gateway starts with.
    /// </summary>
    public static async Task<SimulatedUpstream> StartAsync(CancellationToken cancellationToken, string extraToml = "", string? tokensJson = null)
    {
        var simulator = await GrokSimulator.StartAsync(cancellationToken: cancellationToken);
        var data = new TempDirectory();
        try
        {
            WriteConfig(data.Path, simulator, extraToml);
            if (tokensJson is not null)
            {
                DataDirectoryFiles.WriteTokens(data.Path, tokensJson);
            }

            var gateway = await GatewayHost.StartAsync(data.Path, cancellationToken);
            return new SimulatedUpstream(simulator, gateway, data);
        }
        catch
        {
            await simulator.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Writes a config.toml whose upstream URLs point at <paramref name="simulator"/>, the scheduler off, plus <paramref name="extraToml"/>.</summary>
    public static void WriteConfig(string dataDirectory, GrokSimulator simulator, string extraToml = "") =>
        DataDirectoryFiles.WriteConfig(dataDirectory, $"""
            [upstream]
            base_url = "{simulator.BaseUrl}"
            assets_url = "{simulator.BaseUrl}"
            accounts_url = "{simulator.BaseUrl}"

            [token]
            auto_refresh = false

            {extraToml}
            """);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
        _data.Dispose();
    }
}
