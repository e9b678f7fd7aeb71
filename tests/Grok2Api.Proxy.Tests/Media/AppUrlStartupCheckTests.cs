using Grok2Api.Configuration;
using Grok2Api.Proxy.Diagnostics;
using Grok2Api.Proxy.Hosting;
using Grok2Api.Proxy.Media;
using Grok2Api.Storage;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Serilog.Events;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class AppUrlStartupCheckTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000", "0.0.0.0", "Loopback")]
    [InlineData("http://localhost:8000/", "::", "Loopback")]
    [InlineData("http://[::1]:8000", "192.168.1.20", "Loopback")]
    [InlineData("http://127.8.9.10", "0.0.0.0", "Loopback")]
    [InlineData("", "0.0.0.0", "Empty")]
    [InlineData("   ", "0.0.0.0", "Empty")]
    [InlineData("https://grok.example.com", "0.0.0.0", "None")]
    [InlineData("http://192.168.1.20:8000", "0.0.0.0", "None")]
    [InlineData("http://127.0.0.1:8000", "127.0.0.1", "None")]
    [InlineData("http://127.0.0.1:8000", "::1", "None")]
    [InlineData("http://127.0.0.1:8000", "localhost", "None")]
    [InlineData("", "127.0.0.1", "None")]
    public async Task Evaluate_AppUrlAgainstTheListenAddress(string appUrl, string listenHost, string expected)
    {
        var beyondLoopback = await AppUrlStartupCheck.ListensBeyondLoopbackAsync(listenHost, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(expected, AppUrlStartupCheck.Evaluate(appUrl, beyondLoopback).ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", "0.0.0.0", EventIds.AppUrlOnLoopback)]
    [InlineData("", "0.0.0.0", EventIds.AppUrlEmpty)]
    public async Task StartAsync_Problem_OneWarningNamingAppUrl(string appUrl, string listenHost, int eventId)
    {
        var (check, logs) = Create(appUrl, listenHost);

        await check.StartAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(logs.GetSnapshot());
        Assert.Equal(eventId, warning.Id.Id);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("app.app_url", warning.Message, StringComparison.Ordinal);
        Assert.Contains(listenHost, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", "127.0.0.1")]
    [InlineData("https://grok.example.com", "0.0.0.0")]
    public async Task StartAsync_NoProblem_LogsNothing(string appUrl, string listenHost)
    {
        var (check, logs) = Create(appUrl, listenHost);

        await check.StartAsync(TestContext.Current.CancellationToken);

        Assert.Empty(logs.GetSnapshot());
    }

    private static (AppUrlStartupCheck Check, FakeLogCollector Logs) Create(string appUrl, string listenHost)
    {
        var collector = new FakeLogCollector();
        var logger = new FakeLogger<AppUrlStartupCheck>(collector);
        var settings = new HostSettings(new StorageSettings("/data", StorageKind.Local, ""), listenHost, 8000, 1, LogEventLevel.Information, false);
        var app = new TestOptionsMonitor<AppSection>(new AppSection { AppUrl = appUrl });
        return (new AppUrlStartupCheck(settings, app, TimeProvider.System, logger), collector);
    }
}
