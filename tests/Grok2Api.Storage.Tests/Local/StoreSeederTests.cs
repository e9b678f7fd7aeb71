using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Seeding;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Local;

public sealed partial class StoreSeederTests : IDisposable
{
    private readonly TempDirectory _dataDir = new();
    private readonly TempDirectory _storeDir = new();

    public void Dispose()
    {
        _dataDir.Dispose();
        _storeDir.Dispose();
    }

    [Fact]
    public async Task AnUnseededEmptyStore_GetsConfigTokensTasksAndJobs_AndIsMarkedSeeded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await FilledSourceAsync(1234, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);

        var result = await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.Equal(new StoreSeedResult(true, true, 1234, 2, 1) { ConfigFrom = SeedSource.DataDirectory, TokensFrom = SeedSource.DataDirectory }, result);
        Assert.True(target.Seeded);
        var tokens = await target.Tokens.LoadAsync(ct);
        Assert.Equal(1234, tokens.Count);
        Assert.Equal(Enumerable.Range(0, 1234).Select(i => $"tok-{i:D5}").Order(), tokens.Select(t => t.Token.Token).Order());
        var one = tokens.Single(t => t.Token.Token == "tok-00007");
        Assert.Equal(TokenPools.Super, one.Pool);
        Assert.Equal(7, one.Token.Quota);
        Assert.Equal(["t7"], one.Token.Tags);
        Assert.Equal("secret-key", (string?)(await target.Config.LoadAsync(ct))!["app"]!["app_key"]);
        Assert.Equal(2, (await target.Tasks.LoadAsync(ct)).Count);
        Assert.Equal("video_1", Assert.Single(await target.VideoJobs.LoadAsync(ct)).Id);
        Assert.Equal([StoreSeeder.LeaseName], target.FakeLeaseStore.Acquired);
        Assert.Equal([StoreSeeder.LeaseName], target.FakeLeaseStore.Released);
    }

    [Fact]
    public async Task TokensAreWritten_InBatchesOf500()
    {
        var ct = TestContext.Current.CancellationToken;
        var recording = new CountingTokenStore();
        var tokens = Enumerable.Range(0, 1001).Select(i => new PooledToken(TokenPools.Basic, new StoredToken { Token = $"t{i}" })).ToList();

        Assert.Equal(1001, await StoreSeeder.UpsertTokensAsync(recording, tokens, ct));

        Assert.Equal([500, 500, 1], recording.BatchSizes);
    }

    [Fact]
    public async Task ASeededStore_IsLeftAlone_EvenWhenItHasNoTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await FilledSourceAsync(10, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System) { Seeded = true };

        var result = await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.Same(StoreSeedResult.AlreadySeeded, result);
        Assert.Empty(await target.Tokens.LoadAsync(ct));
        Assert.Null(await target.Config.LoadAsync(ct));
        Assert.Empty(target.FakeLeaseStore.Acquired);
    }

    [Fact]
    public async Task SeedingTwice_DoesNotBringBackDeletedTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await FilledSourceAsync(3, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);
        await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);
        var deletes = new TokenChangeSet();
        deletes.Deletes.AddRange(["tok-00000", "tok-00001", "tok-00002"]);
        await target.Tokens.SaveAsync(deletes, ct);

        await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.Empty(await target.Tokens.LoadAsync(ct));
        Assert.Equal(1, target.MarkCalls);
    }

    [Fact]
    public async Task AnUnseededStore_KeepsTheConfigAndTokensItAlreadyHolds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await FilledSourceAsync(5, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);
        await target.Config.SaveAsync(new JsonObject { ["app"] = new JsonObject { ["app_key"] = "store-key" } }, ct);
        await StoreSeeder.UpsertTokensAsync(target.Tokens, [new PooledToken(TokenPools.Basic, new StoredToken { Token = "already-there" })], ct);

        var result = await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.False(result.ConfigCopied);
        Assert.Equal(0, result.Tokens);
        Assert.Equal(2, result.Tasks);
        Assert.Equal("already-there", Assert.Single(await target.Tokens.LoadAsync(ct)).Token.Token);
        Assert.Equal("store-key", (string?)(await target.Config.LoadAsync(ct))!["app"]!["app_key"]);
        Assert.True(target.Seeded);
    }

    [Fact]
    public async Task AnEmptyDataDirectory_SeedsNothing_ButMarksTheStore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = NewSource();
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);

        var result = await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.Equal(new StoreSeedResult(true, false, 0, 0, 0), result);
        Assert.True(target.Seeded);
    }

    [Fact]
    public async Task WhileAnotherInstanceSeeds_WaitsForIt_AndCopiesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await FilledSourceAsync(5, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);
        var refusals = 0;
        target.FakeLeaseStore.HeldElsewhere = true;

        // The other instance finishes after two refused attempts.
        target.FakeLeaseStore.Refused = () =>
        {
            if (++refusals == 2)
            {
                target.Seeded = true;
            }
        };

        var result = await StoreSeeder.SeedOnceAsync(source, target, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger.Instance, ct);

        Assert.Same(StoreSeedResult.AlreadySeeded, result);
        Assert.Empty(await target.Tokens.LoadAsync(ct));
        Assert.Equal(0, target.MarkCalls);
    }

    private LocalStorageBackend NewSource() =>
        new(new StorageSettings(_dataDir.Path, StorageKind.Local, ""), new StoreInstance("source"), TimeProvider.System, NullLoggerFactory.Instance);

    private async Task<LocalStorageBackend> FilledSourceAsync(int tokens, CancellationToken ct)
    {
        var source = NewSource();
        await source.Config.SaveAsync(new JsonObject { ["app"] = new JsonObject { ["app_key"] = "secret-key" } }, ct);
        await StoreSeeder.UpsertTokensAsync(
            source.Tokens,
            [.. Enumerable.Range(0, tokens).Select(i => new PooledToken(i % 7 == 0 ? TokenPools.Super : TokenPools.Basic, new StoredToken { Token = $"tok-{i:D5}", Quota = i, Tags = [$"t{i}"] }))],
            ct);
        await source.Tasks.UpsertAsync([new BatchTaskRecord { Id = "a", Kind = "refresh", Status = "done" }, new BatchTaskRecord { Id = "b", Kind = "nsfw", Status = "done" }], ct);
        await source.VideoJobs.UpsertAsync(new VideoJobRecord { Id = "video_1", Model = "m", Status = "completed" }, ct);
        return source;
    }

    private sealed class CountingTokenStore : ITokenStore
    {
        public List<int> BatchSizes { get; } = [];

        public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PooledToken>>([]);

        public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
        {
            Assert.Empty(changes.Updates);
            Assert.Empty(changes.Deletes);
            BatchSizes.Add(changes.Upserts.Count);
            return Task.CompletedTask;
        }
    }
}
