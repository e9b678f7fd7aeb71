namespace Grok2Api.TokenPool;

/// <summary>
/// Loads the store into <see cref="TokenPoolState"/>. A token stored in two pools keeps the first and is rewritten once.
/// When the host began reading the store early (<see cref="TokenPreload"/>), those records are used instead of a second read.
/// </summary>
internal sealed partial class TokenPoolInitializer(
    TokenPoolState state, ITokenStore store, ILogger<TokenPoolInitializer> logger, TokenPreload? preload = null) : ITokenPoolInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (state.IsInitialized)
        {
            return;
        }

        var records = preload is null ? await store.LoadAsync(cancellationToken) : await preload.TakeAsync(store, cancellationToken);
        var duplicates = state.Load(records);
        foreach (var kept in duplicates)
        {
            Log.DuplicateTokenDropped(logger, kept.Id, kept.Pool);
            state.MarkDirty(kept);
        }

        Log.PoolLoaded(logger, state.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PoolLoaded, LogLevel.Information, "Token pool loaded with {Count} tokens", EventName = "PoolLoaded")]
        public static partial void PoolLoaded(ILogger logger, int count);

        [LoggerMessage(EventIds.DuplicateTokenDropped, LogLevel.Warning, "Token {TokenId} was stored more than once; kept the copy in {Pool}", EventName = "DuplicateTokenDropped")]
        public static partial void DuplicateTokenDropped(ILogger logger, string tokenId, string pool);
    }
}
