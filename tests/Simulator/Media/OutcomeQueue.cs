namespace Grok2Api.Simulator.Media;

/// <summary>
/// Outcomes queued for coming requests, consumed one per request in queue order; a null token matches any
/// caller. Requests that find none get the default (the enum's zero value). Thread-safe.
/// </summary>
internal sealed class OutcomeQueue<T>
    where T : struct, Enum
{
    private readonly Lock _lock = new();
    private readonly List<(string? Token, T Outcome)> _queue = [];

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Enqueue(string? token, T outcome)
    {
        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome.");
        }

        lock (_lock)
        {
            _queue.Add((token, outcome));
        }
    }

    /// <summary>The first outcome queued for <paramref name="token"/> or any token, removed; the default when none.</summary>
    public T Take(string token)
    {
        lock (_lock)
        {
            var index = _queue.FindIndex(e => e.Token is null || e.Token == token);
            if (index < 0)
            {
                return default;
            }

            var outcome = _queue[index].Outcome;
            _queue.RemoveAt(index);
            return outcome;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
        }
    }
}
