using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class LocalTokenStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(TokenFixtures.Now));

    private string TokenFile => _directory.File(LocalTokenStore.FileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoadAsync_NoFile_IsEmpty()
    {
        using var store = NewStore();

        var tokens = await store.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Empty(tokens);
        Assert.False(File.Exists(TokenFile));
    }

    [Fact]
    public async Task LoadAsync_OriginalFixture_LoadsWithoutRewritingTheFile()
    {
        File.Copy(TokenFixtures.Original, TokenFile);
        var before = await File.ReadAllBytesAsync(TokenFile, TestContext.Current.CancellationToken);
        using var store = NewStore();

        var tokens = await store.LoadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(11, tokens.Count);
        Assert.Equal(before, await File.ReadAllBytesAsync(TokenFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_UpsertMoveAndDelete_ApplyAndPersist()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Copy(TokenFixtures.Original, TokenFile);
        using (var store = NewStore())
        {
            await store.LoadAsync(ct);
            var changes = new TokenChangeSet();
            changes.Upserts.Add(new PooledToken(TokenPools.Basic, Token("eyJhbGciOiJIUzI1NiJ9.basic-record-0001", quota: 7)));
            changes.Upserts.Add(new PooledToken(TokenPools.Super, Token("eyJhbGciOiJIUzI1NiJ9.bare-plain-0003", quota: 140)));
            changes.Upserts.Add(new PooledToken("ssoNew", Token("sso=brand-new-token", quota: 80)));
            changes.Deletes.Add("eyJhbGciOiJIUzI1NiJ9.super-bare-0008");
            changes.Deletes.Add("sso=eyJhbGciOiJIUzI1NiJ9.legacy-bare-0011");
            changes.Deletes.Add("not-there");
            await store.SaveAsync(changes, ct);
        }

        using var reloaded = NewStore();
        var tokens = (await reloaded.LoadAsync(ct)).ToDictionary(t => t.Token.Token);

        Assert.Equal(10, tokens.Count);
        Assert.Equal((TokenPools.Basic, 7), (tokens["eyJhbGciOiJIUzI1NiJ9.basic-record-0001"].Pool, tokens["eyJhbGciOiJIUzI1NiJ9.basic-record-0001"].Token.Quota));
        Assert.Equal(TokenPools.Super, tokens["eyJhbGciOiJIUzI1NiJ9.bare-plain-0003"].Pool);
        Assert.Equal("ssoNew", tokens["brand-new-token"].Pool);
        Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9.super-bare-0008", tokens.Keys);
        Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9.legacy-bare-0011", tokens.Keys);
        Assert.Equal("🚀 kept", tokens["eyJhbGciOiJIUzI1NiJ9.floats-0004"].Token.Extra!["another"].GetString());
        var superPool = (await reloaded.LoadAsync(ct)).Where(t => t.Pool == TokenPools.Super).Select(t => t.Token.Token).ToArray();
        Assert.Equal("eyJhbGciOiJIUzI1NiJ9.bare-plain-0003", superPool[^1]);
    }

    [Fact]
    public async Task SaveAsync_UpsertThenLoad_KeepsTheOrderOfOtherTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.LoadAsync(ct);
        await store.SaveAsync(Upserts(("a", 1), ("b", 2), ("c", 3)), ct);

        await store.SaveAsync(Upserts(("b", 20)), ct);

        var tokens = await NewStore().LoadAsync(ct);
        Assert.Equal(["a:1", "b:20", "c:3"], tokens.Select(t => $"{t.Token.Token}:{t.Token.Quota}"));
    }

    [Fact]
    public async Task LoadAsync_UnparseableFile_FailsAndTheFileIsNeverOverwritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var broken = "{\"ssoBasic\": [ {\"token\": \"keep-me\", "u8.ToArray();
        await File.WriteAllBytesAsync(TokenFile, broken, ct);
        using var store = NewStore();

        var loadError = await Assert.ThrowsAsync<TokenFileFormatException>(() => store.LoadAsync(ct));
        var saveError = await Assert.ThrowsAsync<TokenFileFormatException>(() => store.SaveAsync(Upserts(("new", 1)), ct));

        Assert.Contains(TokenFile, loadError.Message, StringComparison.Ordinal);
        Assert.Contains(TokenFile, saveError.Message, StringComparison.Ordinal);
        Assert.Equal(broken, await File.ReadAllBytesAsync(TokenFile, ct));
        Assert.Equal([LocalTokenStore.FileName], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task LoadAsync_LeftoverTempFiles_AreRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        File.Copy(TokenFixtures.Canonical, TokenFile);
        var leftover = _directory.File($".{LocalTokenStore.FileName}.1234.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(leftover, "{\"ssoBasic\": [\"half-writ", ct);
        using var store = NewStore();

        var tokens = await store.LoadAsync(ct);

        Assert.Equal(4, tokens.Count);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task SaveAsync_Cancelled_LeavesFileAndMemoryAtThePreviousState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.LoadAsync(ct);
        await store.SaveAsync(Upserts(("kept", 1)), ct);
        var before = await File.ReadAllBytesAsync(TokenFile, ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(Upserts(("cancelled", 2)), new CancellationToken(canceled: true)));
        Assert.Equal(before, await File.ReadAllBytesAsync(TokenFile, ct));

        await store.SaveAsync(Upserts(("later", 3)), ct);
        Assert.Equal(["kept", "later"], (await NewStore().LoadAsync(ct)).Select(t => t.Token.Token));
    }

    [Fact]
    public async Task SaveAsync_WriteFails_LeavesFileAndMemoryAtThePreviousState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.LoadAsync(ct);
        await store.SaveAsync(Upserts(("kept", 1)), ct);
        var before = await File.ReadAllBytesAsync(TokenFile, ct);

        // A directory in the way of the rename makes the atomic replace fail.
        File.Move(TokenFile, TokenFile + ".aside");
        Directory.CreateDirectory(TokenFile);
        await Assert.ThrowsAnyAsync<IOException>(() => store.SaveAsync(Upserts(("failed", 2)), ct));
        Directory.Delete(TokenFile);
        File.Move(TokenFile + ".aside", TokenFile);
        Assert.Equal(before, await File.ReadAllBytesAsync(TokenFile, ct));

        await store.SaveAsync(Upserts(("later", 3)), ct);
        Assert.Equal(["kept", "later"], (await NewStore().LoadAsync(ct)).Select(t => t.Token.Token));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public async Task SaveAsync_ConcurrentCallers_AllChangesAreKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.LoadAsync(ct);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.SaveAsync(Upserts(($"token-{i:D2}", i)), ct), ct)))
            .WaitAsync(TimeSpan.FromSeconds(30), ct);

        var tokens = await NewStore().LoadAsync(ct);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"token-{i:D2}"), tokens.Select(t => t.Token.Token).Order());
    }

    [Fact]
    public async Task SaveAsync_BlankToken_IsRejectedAndNothingIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.LoadAsync(ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(Upserts(("sso=  ", 1)), ct));

        Assert.False(File.Exists(TokenFile));
    }

    private static TokenChangeSet Upserts(params (string Token, int Quota)[] tokens)
    {
        var changes = new TokenChangeSet();
        foreach (var (token, quota) in tokens)
        {
            changes.Upserts.Add(new PooledToken(TokenPools.Basic, Token(token, quota)));
        }

        return changes;
    }

    [Fact]
    public async Task SaveAsync_Updates_ApplyDeltasAndFields_AndNeverCreateADeletedToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var store = NewStore())
        {
            await store.LoadAsync(ct);
            var seed = new TokenChangeSet();
            seed.Upserts.Add(new PooledToken(TokenPools.Basic, Token("kept", quota: 80)));
            await store.SaveAsync(seed, ct);

            var changes = new TokenChangeSet();
            changes.Updates.Add(new TokenUpdate(new PooledToken(TokenPools.Super, Token("kept", quota: 0) with { Note = "moved" }), TokenFields.Pool | TokenFields.Note, -5, 5));
            changes.Updates.Add(new TokenUpdate(new PooledToken(TokenPools.Basic, Token("gone", quota: 3)), TokenFields.Note, -1, 1));
            await store.SaveAsync(changes, ct);
        }

        using var reloaded = NewStore();
        var record = Assert.Single(await reloaded.LoadAsync(ct));
        Assert.Equal(TokenPools.Super, record.Pool);
        Assert.Equal(("kept", 75, 5, "moved"), (record.Token.Token, record.Token.Quota, record.Token.UseCount, record.Token.Note));
    }

    private static StoredToken Token(string token, int quota) => new() { Token = token, Quota = quota, CreatedAt = TokenFixtures.Now };

    private LocalTokenStore NewStore() => new(new StorageSettings(_directory.Path, StorageKind.Local, ""), _time, NullLogger<LocalTokenStore>.Instance);
}
