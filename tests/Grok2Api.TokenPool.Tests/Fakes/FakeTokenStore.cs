using Grok2Api.Storage.Tokens;

namespace Grok2Api.TokenPool.Tests.Fakes;

internal sealed class FakeTokenStore : ITokenStore
{
    public List<PooledToken> Records { get; } = [];

    public int Loads { get; private set; }

    public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken)
    {
        Loads++;
        return Task.FromResult<IReadOnlyList<PooledToken>>([.. Records]);
    }

    public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The pool writes through the write-behind only.");
}
