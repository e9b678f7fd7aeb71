using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Storage.Tests.Local;

public sealed class LocalStorageBackendTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Describes_ItselfAsLocal_Seeded_Healthy_WithoutChangeFeed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = NewBackend();
        await backend.OpenAsync(ct);

        Assert.Equal("local", backend.Kind);
        Assert.Equal(_directory.Path, backend.Describe);
        Assert.Null(backend.TokenChanges);
        Assert.True(await backend.IsSeededAsync(ct));
        await backend.MarkSeededAsync(ct);
        Assert.Equal(new StoreHealthView("local", "ok", null, null), backend.Health.View());
        Assert.True(await backend.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(3), ct));
    }

    [Fact]
    public async Task Stores_ComposeTheFilesOfTheDataDirectory_AndAnotherInstanceReadsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var backend = NewBackend())
        {
            var changes = new TokenChangeSet();
            changes.Upserts.Add(new PooledToken(TokenPools.Basic, new StoredToken { Token = "tok-1", Quota = 7, Tags = ["a"], Note = "n" }));
            await backend.Tokens.SaveAsync(changes, ct);
            await backend.Config.SaveAsync(new JsonObject { ["app"] = new JsonObject { ["api_key"] = "k" } }, ct);
            await backend.Tasks.UpsertAsync([new BatchTaskRecord { Id = "t1", Kind = "refresh", Status = "done" }], ct);
            await backend.VideoJobs.UpsertAsync(new VideoJobRecord { Id = "video_1", Model = "m", Status = "queued" }, ct);
        }

        foreach (var name in new[] { "token.json", "config.toml", "tasks.json", "video_jobs.json" })
        {
            Assert.True(File.Exists(_directory.File(name)), name);
        }

        await using var again = NewBackend();
        var token = Assert.Single(await again.Tokens.LoadAsync(ct));
        Assert.Equal(TokenPools.Basic, token.Pool);
        Assert.Equal(7, token.Token.Quota);
        Assert.Equal("k", (string?)(await again.Config.LoadAsync(ct))!["app"]!["api_key"]);
        Assert.Equal("t1", Assert.Single(await again.Tasks.LoadAsync(ct)).Id);
        Assert.Equal("video_1", Assert.Single(await again.VideoJobs.LoadAsync(ct)).Id);
    }

    [Fact]
    public async Task DoesNotTakeTheDataDirectoryLock()
    {
        await using var backend = NewBackend();
        await backend.OpenAsync(TestContext.Current.CancellationToken);

        using var held = DataDirectoryLock.Acquire(_directory.Path);
        Assert.Equal(_directory.Path, held.DataDirectory);
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless()
    {
        var backend = NewBackend();
        await backend.DisposeAsync();
        await backend.DisposeAsync();
    }

    [Fact]
    public void Factory_CreatesTheLocalBackend_ForLocal()
    {
        var settings = new StorageSettings(_directory.Path, StorageKind.Local, "");
        var backend = StorageBackends.Create(settings, new StoreInstance("i1"), _time, NullLoggerFactory.Instance);

        Assert.IsType<LocalStorageBackend>(backend);
    }

    [Theory]
    [InlineData("local", StorageKind.Local)]
    [InlineData("REDIS", StorageKind.Redis)]
    [InlineData("pgsql", StorageKind.PostgreSql)]
    [InlineData(" mysql ", StorageKind.MySql)]
    [InlineData("postgres", null)]
    [InlineData("", null)]
    public void ParseKind_AcceptsTheStorageTypeNames(string value, StorageKind? expected)
    {
        Assert.Equal(expected, StorageBackends.ParseKind(value));
        if (expected is { } kind)
        {
            Assert.Equal(value.Trim().ToLowerInvariant(), StorageBackends.KindName(kind));
        }
    }

    private LocalStorageBackend NewBackend() =>
        new(new StorageSettings(_directory.Path, StorageKind.Local, ""), new StoreInstance("test-1"), _time, NullLoggerFactory.Instance);
}
