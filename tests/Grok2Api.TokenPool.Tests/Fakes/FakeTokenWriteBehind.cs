using Grok2Api.Storage.Tokens;

namespace Grok2Api.TokenPool.Tests.Fakes;

/// <summary>
/// Records MarkDirty and FlushAsync calls in order; a flush reads the dirty tokens' snapshots back
/// (as the real write-behind does) into <see cref="Persisted"/>. <see cref="HoldFlushes"/> makes
/// flushes wait until <see cref="ReleaseFlushes"/>.
/// </summary>
internal sealed class FakeTokenWriteBehind : ITokenWriteBehind
{
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private TaskCompletionSource? _hold;

    public ITokenSnapshotSource? Source { get; private set; }

    /// <summary>The last flushed record of each token; null when the flush found it deleted.</summary>
    public Dictionary<string, PooledToken?> Persisted { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public int DirtyCount
    {
        get
        {
            lock (_gate)
            {
                return _events.Count(e => e.StartsWith("dirty:", StringComparison.Ordinal));
            }
        }
    }

    public void Attach(ITokenSnapshotSource source) => Source = source;

    public void MarkDirty(string token)
    {
        lock (_gate)
        {
            _events.Add("dirty:" + token);
            _dirty.Add(token);
        }
    }

    public void HoldFlushes()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseFlushes()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
            _hold = null;
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_gate)
        {
            _events.Add("flush");
            wait = _hold?.Task ?? Task.CompletedTask;
        }

        await wait.WaitAsync(cancellationToken);
        string[] dirty;
        lock (_gate)
        {
            dirty = [.. _dirty];
            _dirty.Clear();
        }

        foreach (var token in dirty)
        {
            Persisted[token] = Source!.TryGetSnapshot(token, out var snapshot) ? snapshot : null;
        }
    }
}
