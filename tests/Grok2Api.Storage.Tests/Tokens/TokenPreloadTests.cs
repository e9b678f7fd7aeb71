using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>The start-up read begun early is used once, by the store it read, and its failure reaches the taker.</summary>
public sealed class TokenPreloadTests
{
    [Fact]
    public async Task TakeAsync_GivesThePreloadOnce_ThenLoadsAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new CountingStore();
        var preload = TokenPreload.Start(store, ct);

        var first = await preload.TakeAsync(store, ct);
        Assert.Equal(1, store.Loads);
        Assert.Equal("load-1", Assert.Single(first).Token.Token);

        var second = await preload.TakeAsync(store, ct);
        Assert.Equal(2, store.Loads);
        Assert.Equal("load-2", Assert.Single(second).Token.Token);
    }

    [Fact]
    public async Task TakeAsync_ForAnotherStore_LoadsThatStoreAndLeavesThePreload()
    {
        var ct = TestContext.Current.CancellationToken;
        var preloaded = new CountingStore();
        var other = new CountingStore();
        var preload = TokenPreload.Start(preloaded, ct);

        Assert.Equal("load-1", Assert.Single(await preload.TakeAsync(other, ct)).Token.Token);
        Assert.Equal(1, other.Loads);

        Assert.Equal("load-1", Assert.Single(await preload.TakeAsync(preloaded, ct)).Token.Token);
        Assert.Equal(1, preloaded.Loads);
    }

    [Fact]
    public async Task AFailedRead_ReachesTheTaker_AndWhenEndedStillCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new CountingStore { Failure = new TokenFileFormatException("token.json is not valid JSON") };
        var preload = TokenPreload.Start(store, ct);

        await preload.WhenEnded;
        var error = await Assert.ThrowsAsync<TokenFileFormatException>(() => preload.TakeAsync(store, ct));
        Assert.Equal("token.json is not valid JSON", error.Message);
    }

    private sealed class CountingStore : ITokenStore
    {
        private int _loads;

        public int Loads => Volatile.Read(ref _loads);

        public Exception? Failure { get; init; }

        public async Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            var load = Interlocked.Increment(ref _loads);
            if (Failure is not null)
            {
                throw Failure;
            }

            return [new PooledToken(TokenPools.Basic, new StoredToken { Token = $"load-{load}" })];
        }

        public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
