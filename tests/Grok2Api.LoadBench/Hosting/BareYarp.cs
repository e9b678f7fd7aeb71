using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The edge scenario's framework peer: this very program started again in a hidden mode
/// (<c>bare-yarp PORT BACKEND</c>), a minimal ASP.NET Core app with nothing but
/// <c>AddReverseProxy().LoadFromMemory(...)</c> and <c>MapReverseProxy()</c>, the same route and cluster
/// as the gateway's edge route, no logging, and the gateway's runtime settings (workstation non-concurrent
/// GC, no thread-pool spinning). It shows what Kestrel, YARP and HttpClient cost on this machine without
/// any of the gateway's code, so the gap between the gateway and nginx can be split into the framework's
/// share and ours.
/// </summary>
internal static class BareYarp
{
    /// <summary>The hidden first argument that runs the bare YARP proxy instead of a scenario.</summary>
    public const string Mode = "bare-yarp";

    /// <summary>
    /// The gateway's runtime settings (Proxy/Grok2Api.Proxy.csproj, docs/adr/0018): the bench's own
    /// runtime configuration has the same GC modes, and the variables make them explicit.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RuntimeSettings = new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    /// <summary>Starts the bare proxy as a child process on a free loopback port, in front of <paramref name="backend"/>.</summary>
    public static Task<(ChildProcess Process, Uri Url)> StartAsync(
        Uri backend, IReadOnlyDictionary<string, string> extra, string workingDirectory, CancellationToken cancellationToken) =>
        StartPeerAsync("bare-yarp", Mode, [backend.ToString()], extra, workingDirectory, cancellationToken);

    /// <summary>
    /// Starts this program again in a hidden <paramref name="mode"/> (<c>MODE PORT ARGUMENTS...</c>) on a free
    /// loopback port, with the gateway's runtime settings and <paramref name="extra"/>, and waits until it answers.
    /// </summary>
    internal static async Task<(ChildProcess Process, Uri Url)> StartPeerAsync(
        string name, string mode, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> extra, string workingDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>(RuntimeSettings);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start(
            name,
            typeof(BareYarp).Assembly.Location,
            [mode, port.ToString(CultureInfo.InvariantCulture), .. arguments],
            environment,
            workingDirectory);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await BenchStack.WaitReadyAsync(client, process, url, cancellationToken, anyAnswer: true);
        return (process, url);
    }

    /// <summary>Runs the bare proxy until SIGTERM.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var backend = args[2];
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRouting();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "edge", ClusterId = "edge", Match = new RouteMatch { Path = "/edge/{**rest}" } }],
            [new ClusterConfig { ClusterId = "edge", Destinations = new Dictionary<string, DestinationConfig> { ["backend"] = new() { Address = backend } } }]);
        await using var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
