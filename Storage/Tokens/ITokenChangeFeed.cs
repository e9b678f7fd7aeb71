namespace Grok2Api.Storage.Tokens;

/// <summary>
/// How an instance hears that other instances changed tokens in a shared store (Redis pub/sub,
/// PostgreSQL LISTEN/NOTIFY, a versioned poll for MySQL). Every store that others can write
/// implements it; the local store, which one instance owns, does not. A store announces each
/// committed <see cref="ITokenStore.SaveAsync"/> itself; a listener never hears its own instance.
/// </summary>
public interface ITokenChangeFeed
{
    /// <summary>
    /// Yields notices until <paramref name="cancellationToken"/> fires. When the store connection is
    /// lost and found again, notices may have been missed: the feed then yields
    /// <see cref="TokenChangeNotice.Everything"/>. Failures to reach the store are not thrown: the
    /// feed keeps trying (bounded waits) and the periodic reload covers the gap.
    /// </summary>
    /// <param name="cancellationToken">Stops listening.</param>
    IAsyncEnumerable<TokenChangeNotice> ListenAsync(CancellationToken cancellationToken);
}

/// <summary>Tokens another instance changed (or deleted), by public id; or everything, when notices may have been missed.</summary>
/// <param name="Ids">Public token ids (<see cref="TokenIdentity.IdOf"/>); empty with <paramref name="Everything"/>.</param>
/// <param name="Everything">Reload every token.</param>
public sealed record TokenChangeNotice(IReadOnlyList<string> Ids, bool Everything)
{
    /// <summary>Reload every token.</summary>
    public static TokenChangeNotice All { get; } = new([], true);
}
