using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Hosting;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>Operator mistakes stop the gateway at startup with a message that says what to fix.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task SecondInstanceOnTheSameDataDirectory_FailsNamingTheDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var first = await GatewayHost.StartAsync(data.Path, ct);

        var error = await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct));
        Assert.Contains(Path.GetFullPath(data.Path), error.Message, StringComparison.Ordinal);
        Assert.Contains("single-instance", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DATA_DIR", error.Message, StringComparison.Ordinal);

        // The first instance is not disturbed.
        using var health = await first.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var list = await new AdminClient(first.Client).ListAsync("", ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task DataDirectory_IsFreeAgainAfterTheFirstInstanceStops()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var first = await GatewayHost.StartAsync(data.Path, ct);
        await first.DisposeAsync();

        await using var second = await GatewayHost.StartAsync(data.Path, ct);
        using var health = await second.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("SERVER_STORAGE_TYPE", "postgres")]
    [InlineData("SERVER_STORAGE_TYPE", "foo")]
    [InlineData("SERVER_STORAGE_TYPE", "sqlite")]
    [InlineData("SERVER_PORT", "abc")]
    [InlineData("SERVER_PORT", "70000")]
    [InlineData("SERVER_PORT", "-1")]
    [InlineData("SERVER_PORT", "80.5")]
    public async Task BadEnvironmentValue_FailsNamingTheVariable(string name, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();

        var error = await Assert.ThrowsAsync<StartupException>(() => GrokApp.BuildAsync(
            [$"--DATA_DIR={data.Path}", "--LOG_FILE_ENABLED=false", "--LOG_LEVEL=ERROR", $"--{name}={value}"], ct));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);

        // Nothing was created in the data directory by a start that never began.
        Assert.False(File.Exists(DataDirectoryFiles.ConfigPath(data.Path)));
    }

    [Theory]
    [InlineData("[app]\napi_key = \"unterminated\nstream = true\n", 2)]
    [InlineData("[app]\nstream = true\n\n[retry]\nmax_retry = = 3\n", 5)]
    [InlineData("[app]\napp_key = \"a\"\napp_key = \"b\"\n", 3)]
    public async Task ConfigThatDoesNotParse_FailsNamingTheLineAndLeavesTheFileUntouched(string toml, int line)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, toml);
        var before = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);

        var error = await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct));
        Assert.Contains("config.toml", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
        Assert.DoesNotContain(Directory.GetFiles(data.Path, "config.toml*"), f => Path.GetFileName(f) != "config.toml");

        // Once the operator fixes the file, the gateway starts on the same directory (the lock was released).
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\nstream = true\n");
        await using var fixedGateway = await GatewayHost.StartAsync(data.Path, ct);
        using var health = await fixedGateway.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("{ \"ssoBasic\": [ \"eyJhbGciOiJIUzI1NiJ9.abc\", ")]
    [InlineData("[\"eyJhbGciOiJIUzI1NiJ9.abc\"]")]
    public async Task TokenFileThatDoesNotParse_FailsNamingItAndLeavesItUntouched(string json)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteTokens(data.Path, json);
        var before = await File.ReadAllBytesAsync(DataDirectoryFiles.TokenPath(data.Path), ct);

        var error = await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct));
        Assert.Contains("token.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(DataDirectoryFiles.TokenPath(data.Path), ct));
    }

    [Fact]
    public async Task FailedStartOnAnUnreadableTokenFile_ReleasesTheDataDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteTokens(data.Path, "{ \"ssoBasic\": [ ");
        await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct));

        // The operator repairs the file; a new start in the same process (a host embedding the gateway, or a
        // test) must not find the directory still locked by the start that failed.
        DataDirectoryFiles.WriteTokens(data.Path, """{"ssoBasic": ["eyJhbGciOiJIUzI1NiJ9.repaired-0001"], "ssoSuper": []}""");
        await using var repaired = await GatewayHost.StartAsync(data.Path, ct);
        Assert.Equal(1, (await new AdminClient(repaired.Client).ListAsync("", ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ConfigWithAnInvalidValue_FailsNamingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[upstream]\nbase_url = \"not a url\"\n");
        var before = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);

        var error = await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct));
        Assert.Contains("upstream.base_url", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
    }
}
