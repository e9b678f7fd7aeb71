using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>An in-memory <see cref="ITokenStore"/> that records every successful batch and can fail or block writes on demand.</summary>
internal sealed class RecordingTokenStore : ITokenStore
{
    private readonly Lock _gate = new();
    private readonly List<TokenChangeSet> _batches = [];
    private readonly Dictionary<string, PooledToken> _stored = new(StringComparer.Ordinal);
    private int _attempts;

    /// <summary>How many of the next writes throw.</summary>
    public int FailNext { get; set; }

    /// <summary>When set, each write waits for it before completing.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a write has started (and is possibly waiting on <see cref="Gate"/>).</summary>
    public TaskCompletionSource WriteStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<TokenChangeSet> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyDictionary<string, PooledToken> Stored
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, PooledToken>(_stored);
            }
        }
    }

    public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PooledToken>>([.. _stored.Values]);
        }
    }

    public async Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var started = WriteStarted;
        WriteStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        started.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new IOException("disk full (test)");
            }

            foreach (var upsert in changes.Upserts)
            {
                _stored[upsert.Token.Token] = upsert;
            }

            foreach (var delete in changes.Deletes)
            {
                _stored.Remove(delete);
            }

            _batches.Add(changes);
        }
    }
}
