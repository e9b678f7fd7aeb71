using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// The real gateway warns at startup when <c>app.app_url</c> (the base of every /v1/files link) is
/// still the loopback default or empty while it listens beyond loopback, and stays quiet when it
/// listens on loopback only or app_url is a real address. Read from the gateway's log file.
/// </summary>
public sealed class AppUrlWarningTests
{
    private const string LoopbackWarning = "\"EventId\":{\"Id\":3457";
    private const string EmptyWarning = "\"EventId\":{\"Id\":3458";

    [Fact]
    public async Task DefaultAppUrl_ListeningOnEveryAddress_Warns()
    {
        var log = await StartAndReadLogAsync(null, "0.0.0.0");

        Assert.Contains(LoopbackWarning, log, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8000", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyAppUrl_ListeningOnEveryAddress_Warns()
    {
        var log = await StartAndReadLogAsync("", "0.0.0.0");

        Assert.Contains(EmptyWarning, log, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackWarning, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultAppUrl_ListeningOnLoopback_NoWarning()
    {
        var log = await StartAndReadLogAsync(null, "127.0.0.1");

        Assert.DoesNotContain(LoopbackWarning, log, StringComparison.Ordinal);
        Assert.DoesNotContain(EmptyWarning, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicAppUrl_ListeningOnEveryAddress_NoWarning()
    {
        var log = await StartAndReadLogAsync("https://grok.example.test", "0.0.0.0");

        Assert.DoesNotContain(LoopbackWarning, log, StringComparison.Ordinal);
        Assert.DoesNotContain(EmptyWarning, log, StringComparison.Ordinal);
    }

    /// <summary>Starts and stops the gateway (the log is flushed on disposal) and returns its log file.</summary>
    private static async Task<string> StartAndReadLogAsync(string? appUrl, string listenHost)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, appUrl is null ? "" : $"[app]\napp_url = \"{appUrl}\"\n");
        var gateway = await GatewayHost.StartAsync(data.Path, ct, $"--SERVER_HOST={listenHost}", "--LOG_FILE_ENABLED=true", "--LOG_LEVEL=INFO");
        await gateway.DisposeAsync();

        var log = string.Concat(Directory.GetFiles(Path.Combine(data.Path, "logs"), "*.log").Select(File.ReadAllText));
        // Kestrel's startup line: the log was written, so a missing warning is not a missing file.
        Assert.Contains("Now listening on", log, StringComparison.Ordinal);
        return log;
    }
}
