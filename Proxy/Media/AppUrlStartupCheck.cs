using System.Net;
using System.Net.Sockets;
using Grok2Api.Proxy.Hosting;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// Warns once at startup when <c>app.app_url</c>, which every <c>/v1/files</c> link is built from, cannot
/// be what clients use: the service listens on a non-loopback address (other machines call it) while
/// app_url is still a loopback URL (the default <c>http://127.0.0.1:8000</c>), whose links open nothing
/// on another machine, or empty, whose links follow each request's Host header (wrong behind a proxy
/// that rewrites it). Listening on loopback only, either is fine and nothing is logged.
/// </summary>
internal sealed partial class AppUrlStartupCheck(
    HostSettings settings, IOptionsMonitor<AppSection> app, TimeProvider time, ILogger<AppUrlStartupCheck> logger)
    : IHostedService
{
    /// <summary>What is wrong with app_url for a service that listens beyond loopback.</summary>
    internal enum Problem
    {
        /// <summary>Nothing.</summary>
        None,

        /// <summary>A loopback host (the default).</summary>
        Loopback,

        /// <summary>Empty: links follow the request's Host.</summary>
        Empty,
    }

    /// <summary>How long the listen host's name may take to resolve before it counts as reaching beyond loopback.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var appUrl = app.CurrentValue.AppUrl;
        var beyondLoopback = await ListensBeyondLoopbackAsync(settings.ListenHost, time, cancellationToken);
        switch (Evaluate(appUrl, beyondLoopback))
        {
            case Problem.Loopback:
                Log.AppUrlOnLoopback(logger, appUrl, settings.ListenHost);
                break;
            case Problem.Empty:
                Log.AppUrlEmpty(logger, settings.ListenHost);
                break;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The problem of <paramref name="appUrl"/> for a service that listens beyond loopback or not.</summary>
    internal static Problem Evaluate(string appUrl, bool listensBeyondLoopback)
    {
        if (!listensBeyondLoopback)
        {
            return Problem.None;
        }

        var trimmed = appUrl.Trim();
        if (trimmed.Length == 0)
        {
            return Problem.Empty;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && IsLoopbackHost(url.IdnHost) ? Problem.Loopback : Problem.None;
    }

    /// <summary>True unless every address <paramref name="listenHost"/> (<c>SERVER_HOST</c>) stands for is a loopback one.</summary>
    internal static async Task<bool> ListensBeyondLoopbackAsync(string listenHost, TimeProvider time, CancellationToken cancellationToken)
    {
        if (IsLoopbackHost(listenHost))
        {
            return false;
        }

        if (IPAddress.TryParse(listenHost, out _))
        {
            // 0.0.0.0, [::] and every other address reach beyond this machine.
            return true;
        }

        // The same resolution Kestrel's listen setup does (GrokApp), bounded: a slow resolver only costs the warning's accuracy.
        using var deadline = new CancellationTokenSource(ResolveTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(listenHost, linked.Token);
            return addresses.Any(address => !IPAddress.IsLoopback(address));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private static bool IsLoopbackHost(string host)
    {
        var bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AppUrlOnLoopback, Level = LogLevel.Warning,
            Message = "app.app_url is {AppUrl}, a loopback address, while the service listens on {ListenHost}: media links (/v1/files) will not open on other machines; set app.app_url to the address clients use")]
        public static partial void AppUrlOnLoopback(ILogger logger, string appUrl, string listenHost);

        [LoggerMessage(EventId = EventIds.AppUrlEmpty, Level = LogLevel.Warning,
            Message = "app.app_url is empty while the service listens on {ListenHost}: media links (/v1/files) follow each request's Host header, which is wrong behind a proxy that rewrites it; set app.app_url to the address clients use")]
        public static partial void AppUrlEmpty(ILogger logger, string listenHost);
    }
}
