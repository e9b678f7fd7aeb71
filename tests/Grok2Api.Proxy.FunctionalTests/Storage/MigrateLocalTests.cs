using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Migrate;
using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Seeding;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Proxy.FunctionalTests.Storage;

/// <summary>
/// <c>migrate --from local --to local</c> with two data directories: the same copy and check as
/// between shared stores, on files.
/// </summary>
public sealed class MigrateLocalTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private readonly TempDirectory _source = new();
    private readonly TempDirectory _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task TenThousandTokens_ConfigTasksAndJobs_AreCopiedLosslessly()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(10_000, ct);
        DataDirectoryFiles.WriteConfig(_source.Path, "# the operator's comment\n[app]\napp_key = \"admin-secret\"\nstream = false\n\n[token]\nauto_refresh = false\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MigrateCommand.RunAsync(
            ["--from", "local", "--from-data-dir", _source.Path, "--to", "local", "--to-data-dir", _target.Path], NoEnvironment, output, error, ct);

        Assert.True(exit == 0, error.ToString());
        var summary = output.ToString();
        Assert.Contains("tokens:      10000", summary, StringComparison.Ordinal);
        Assert.Contains("batch tasks: 2", summary, StringComparison.Ordinal);
        Assert.Contains("video jobs:  3", summary, StringComparison.Ordinal);

        var expected = Records(await File.ReadAllTextAsync(DataDirectoryFiles.TokenPath(_source.Path), ct));
        var actual = Records(await File.ReadAllTextAsync(DataDirectoryFiles.TokenPath(_target.Path), ct));
        Assert.Equal(10_000, expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, pair => Assert.True(JsonNode.DeepEquals(pair.Value, actual[pair.Key]), pair.Key));

        await using var copy = Backend(_target.Path);
        var config = (await copy.Config.LoadAsync(ct))!;
        Assert.Equal("admin-secret", (string?)config["app"]!["app_key"]);
        Assert.False((bool)config["token"]!["auto_refresh"]!);
        Assert.Equal(["a", "b"], (await copy.Tasks.LoadAsync(ct)).Select(t => t.Id).Order());
        Assert.Equal(["video_0", "video_1", "video_2"], (await copy.VideoJobs.LoadAsync(ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task AGatewayStartedOnTheCopy_ServesTheMigratedTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(25, ct);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await MigrateCommand.RunAsync(
            ["--from", "local", "--from-data-dir", _source.Path, "--to", "local", "--to-data-dir", _target.Path], NoEnvironment, output, error, ct));

        await using var gateway = await GatewayHost.StartAsync(_target.Path, ct);

        Assert.Equal(25, (await new AdminClient(gateway.Client).ListAsync("", ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ATargetWithOtherTokens_IsRefused_UnlessReplace()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(3, ct);
        await using (var target = Backend(_target.Path))
        {
            await StoreSeeder.UpsertTokensAsync(target.Tokens, [new PooledToken(TokenPools.Basic, new StoredToken { Token = "only-in-target" })], ct);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["--from", "local", "--from-data-dir", _source.Path, "--to", "local", "--to-data-dir", _target.Path];

        Assert.Equal(1, await MigrateCommand.RunAsync(args, NoEnvironment, output, error, ct));
        Assert.Contains("already holds 1 tokens that the source does not have", error.ToString(), StringComparison.Ordinal);
        await using (var untouched = Backend(_target.Path))
        {
            Assert.Equal("only-in-target", Assert.Single(await untouched.Tokens.LoadAsync(ct)).Token.Token);
        }

        Assert.Equal(0, await MigrateCommand.RunAsync([.. args, "--replace"], NoEnvironment, output, error, ct));
        Assert.Contains("removed from the target: 1 tokens", output.ToString(), StringComparison.Ordinal);
        await using var replaced = Backend(_target.Path);
        Assert.Equal(3, (await replaced.Tokens.LoadAsync(ct)).Count);
    }

    [Fact]
    public async Task ARunningGatewayOnTheSource_StopsTheMigration()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(2, ct);
        await using var gateway = await GatewayHost.StartAsync(_source.Path, ct);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MigrateCommand.RunAsync(
            ["--from", "local", "--from-data-dir", _source.Path, "--to", "local", "--to-data-dir", _target.Path], NoEnvironment, output, error, ct);

        Assert.Equal(1, exit);
        Assert.Contains("Stop the service using it before migrating", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(DataDirectoryFiles.TokenPath(_target.Path)));
    }

    [Fact]
    public async Task TheProgram_DispatchesMigrate_BeforeBuildingTheWebHost()
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(4, ct);

        var (help, helpOut, _) = await RunProgramAsync(["migrate", "--help"], ct);
        Assert.Equal(0, help);
        Assert.Contains("Usage: grok2api migrate", helpOut, StringComparison.Ordinal);

        var (wrong, _, wrongErr) = await RunProgramAsync(["migrate", "--from", "local", "--to", "redis"], ct);
        Assert.Equal(1, wrong);
        Assert.Contains("--to redis needs --to-url", wrongErr, StringComparison.Ordinal);

        var (copied, copiedOut, copiedErr) = await RunProgramAsync(
            ["migrate", "--from", "local", "--from-data-dir", _source.Path, "--to", "local", "--to-data-dir", _target.Path], ct);
        Assert.True(copied == 0, copiedErr);
        Assert.Contains("tokens:      4", copiedOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", copiedOut, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunProgramAsync(string[] args, CancellationToken ct)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var info = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Grok2Api.Proxy.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static LocalStorageBackend Backend(string directory) =>
        new(new StorageSettings(directory, StorageKind.Local, ""), new StoreInstance("test"), TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Tokens with every shape a record takes (statuses, nulls, tags, notes, unknown fields, three pools), two tasks and three video jobs.</summary>
    private async Task FillSourceAsync(int count, CancellationToken ct)
    {
        TokenStatus[] statuses = [TokenStatus.Active, TokenStatus.Cooling, TokenStatus.Expired, TokenStatus.Disabled];
        var random = new Random(11);
        var tokens = new List<PooledToken>(count);
        for (var i = 0; i < count; i++)
        {
            var pool = i % 97 == 0 ? "ssoOther" : i % 4 == 0 ? TokenPools.Super : TokenPools.Basic;
            var extra = i % 3 == 0
                ? new Dictionary<string, JsonElement>
                {
                    ["x_number"] = JsonSerializer.SerializeToElement(i * 1.5),
                    ["x_object"] = JsonSerializer.SerializeToElement(new { nested = new[] { "a", "ü" }, flag = true }),
                    ["x_null"] = JsonSerializer.SerializeToElement<object?>(null),
                }
                : null;
            tokens.Add(new PooledToken(pool, new StoredToken
            {
                Token = $"eyJhbGciOiJIUzI1NiJ9.migrate-{i.ToString(CultureInfo.InvariantCulture)}-{random.Next():x8}",
                Status = statuses[i % statuses.Length],
                Quota = i % 5 == 0 ? 0 : random.Next(1, 200),
                CreatedAt = 1_700_000_000_000 + i,
                LastUsedAt = i % 2 == 0 ? null : 1_750_000_000_000 + i,
                UseCount = i % 11 == 0 ? int.MaxValue / 2 : i,
                FailCount = i % 7,
                LastFailAt = i % 7 == 0 ? null : 1_751_000_000_000,
                LastFailReason = i % 7 == 0 ? null : $"HTTP 4{i % 10:D2} \"quoted\" — ünïcode",
                LastSyncAt = i % 6 == 0 ? null : 1_752_000_000_000,
                Tags = i % 5 == 0 ? [] : [$"tag{i % 13}", "shared"],
                Note = i % 8 == 0 ? "" : $"note {i} \"q\" 😀",
                LastAssetClearAt = i % 9 == 0 ? 1_753_000_000_000 : null,
                Extra = extra,
            }));
        }

        await using var source = Backend(_source.Path);
        await StoreSeeder.UpsertTokensAsync(source.Tokens, tokens, ct);
        await source.Tasks.UpsertAsync(
            [new BatchTaskRecord { Id = "a", Kind = "refresh", Status = "done", Total = 3 }, new BatchTaskRecord { Id = "b", Kind = "nsfw", Status = "failed", Reason = "stopped" }], ct);
        for (var i = 0; i < 3; i++)
        {
            await source.VideoJobs.UpsertAsync(new VideoJobRecord { Id = $"video_{i}", Model = "grok-imagine-1.0-video", Status = "completed", CreatedAt = 1_750_000_000 + i }, ct);
        }
    }

    /// <summary>Every record of a token.json keyed by pool and token, its fields sorted by name.</summary>
    private static Dictionary<string, JsonObject> Records(string json)
    {
        var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (pool, entries) in JsonNode.Parse(json)!.AsObject())
        {
            foreach (var entry in entries!.AsArray())
            {
                var record = entry!.AsObject();
                var sorted = new JsonObject();
                foreach (var (name, value) in record.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sorted[name] = value?.DeepClone();
                }

                records[$"{pool}/{record["token"]!.GetValue<string>()}"] = sorted;
            }
        }

        return records;
    }
}
