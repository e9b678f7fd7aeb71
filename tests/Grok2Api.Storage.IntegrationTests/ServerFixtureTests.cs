using Grok2Api.Tests.Common.Servers;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// The server fixtures themselves: each starts, accepts its password, keeps data over a graceful
/// stop and restart on the same port, and comes back after SIGKILL.
/// </summary>
public sealed class ServerFixtureTests
{
    [Fact]
    public async Task Redis_keeps_data_over_stop_and_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(ct);
        Assert.Contains($":{server.Port}/0", server.Url, StringComparison.Ordinal);
        await server.CommandAsync(["SET", "k", "v"], ct);
        await server.StopAsync();
        Assert.False(await ServerProbe.AcceptsAsync(server.Port, ct));
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.CommandAsync(["GET", "k"], ct)).Trim());
        server.Kill();
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.CommandAsync(["GET", "k"], ct)).Trim());
    }

    [Fact]
    public async Task Postgres_creates_the_role_and_keeps_data_over_stop_and_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PostgresServer.StartAsync(ct);
        Assert.Equal($"postgresql://g2a:secret@127.0.0.1:{server.Port}/g2a", server.Url);
        await server.SqlAsUserAsync("CREATE TABLE t (v text); INSERT INTO t VALUES ('v')", ct);
        await server.StopAsync();
        Assert.False(await ServerProbe.AcceptsAsync(server.Port, ct));
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.SqlAsync("SELECT v FROM t", ct, PostgresServer.Database)).Trim());
        server.Kill();
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.SqlAsUserAsync("SELECT v FROM t", ct)).Trim());
        Assert.Contains("postgresql://g2a:secret@", await server.CreateDatabaseAsync("g2a_extra", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MariaDb_creates_the_user_and_keeps_data_over_stop_and_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MariaDbServer.StartAsync(ct);
        Assert.Equal($"mysql://g2a:secret@127.0.0.1:{server.Port}/g2a", server.Url);
        await server.SqlAsUserAsync("CREATE TABLE t (v text); INSERT INTO t VALUES ('v')", ct);
        await server.StopAsync();
        Assert.False(await ServerProbe.AcceptsAsync(server.Port, ct));
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.SqlAsync("SELECT v FROM t", ct, MariaDbServer.Database)).Trim());
        server.Kill();
        await server.RestartAsync(ct);
        Assert.Equal("v", (await server.SqlAsUserAsync("SELECT v FROM t", ct)).Trim());
        Assert.Contains("mysql://g2a:secret@", await server.CreateDatabaseAsync("g2a_extra", ct), StringComparison.Ordinal);
        Assert.Equal("1", (await server.SqlAsUserAsync("SELECT 1", ct, "g2a_extra")).Trim());
    }
}
