using Grok2Api.Storage.Tokens;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Grok2Api.TokenPool.Tests.Sync;

/// <summary>
/// A token store that several pools share, as Redis or a database would be: it applies each batch
/// atomically with <see cref="TokenUpdate.ApplyTo"/> (the semantics every store implements) and
/// tells every other attached pool which token ids changed. <see cref="Down"/> makes every call fail
/// as an unreachable store does.
/// </summary>
internal sealed class SharedMemoryTokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PooledToken> _records = new(StringComparer.Ordinal);
    private readonly List<(int Origin, Channel<TokenChangeNotice> Channel)> _listeners = [];

    public bool Down { get; set; }

    /// <summary>While set, no instance hears of another's writes (a notice still in flight).</summary>
    public bool Muted { get; set; }

    public int Saves { get; private set; }

    public void Seed(params PooledToken[] records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _records[record.Token.Token] = record;
            }
        }
    }

    public PooledToken? Find(string token)
    {
        lock (_gate)
        {
            return _records.TryGetValue(token, out var record) ? record : null;
        }
    }

    /// <summary>The view of one instance: its <see cref="ITokenStore"/> and <see cref="ITokenChangeFeed"/>.</summary>
    public Instance Attach(int origin)
    {
        var channel = Channel.CreateUnbounded<TokenChangeNotice>();
        lock (_gate)
        {
            _listeners.Add((origin, channel));
        }

        return new Instance(this, origin, channel);
    }

    private IReadOnlyList<PooledToken> Load(Func<PooledToken, bool> wanted)
    {
        lock (_gate)
        {
            ThrowIfDown();
            return [.. _records.Values.Where(wanted)];
        }
    }

    private void Save(int origin, TokenChangeSet changes)
    {
        List<string> ids = [];
        lock (_gate)
        {
            ThrowIfDown();
            Saves++;
            foreach (var upsert in changes.Upserts)
            {
                _records[upsert.Token.Token] = upsert;
                ids.Add(TokenIdentity.IdOf(upsert.Token.Token));
            }

            foreach (var update in changes.Updates)
            {
                if (_records.TryGetValue(update.Token, out var stored))
                {
                    _records[update.Token] = update.ApplyTo(stored);
                }

                ids.Add(TokenIdentity.IdOf(update.Token));
            }

            foreach (var token in changes.Deletes)
            {
                _records.Remove(token);
                ids.Add(TokenIdentity.IdOf(token));
            }

            foreach (var (listener, channel) in _listeners)
            {
                if (listener != origin && !Muted)
                {
                    channel.Writer.TryWrite(new TokenChangeNotice(ids, false));
                }
            }
        }
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new IOException("test store: down");
        }
    }

    internal sealed class Instance(SharedMemoryTokenStore shared, int origin, Channel<TokenChangeNotice> notices) : ITokenStore, ITokenChangeFeed
    {
        public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken) =>
            Task.FromResult(shared.Load(_ => true));

        public Task<IReadOnlyList<PooledToken>> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
            Task.FromResult(shared.Load(r => ids.Contains(TokenIdentity.IdOf(r.Token.Token))));

        public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
        {
            shared.Save(origin, changes);
            return Task.CompletedTask;
        }

        public async IAsyncEnumerable<TokenChangeNotice> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (await notices.Reader.WaitToReadAsync(cancellationToken))
            {
                while (notices.Reader.TryRead(out var notice))
                {
                    yield return notice;
                }
            }
        }
    }
}
