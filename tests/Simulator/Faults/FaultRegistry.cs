namespace Grok2Api.Simulator.Faults;

/// <summary>
/// Faults waiting to be injected. Queued faults are consumed one per matching request, in the order they
/// were queued; when none matches, a persistent fault for the token, then one for any token, applies.
/// A null token means "any token". Thread-safe.
/// </summary>
public sealed class FaultRegistry
{
    private readonly Lock _lock = new();
    private readonly List<(string? Token, Fault Fault)> _queue = [];
    private readonly Dictionary<string, Fault> _persistent = new(StringComparer.Ordinal);
    private Fault? _persistentForAny;

    /// <summary>Queues a fault for the next matching request of <paramref name="token"/> (null: of any token).</summary>
    public void Enqueue(string? token, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _queue.Add((token, fault));
        }
    }

    /// <summary>Applies <paramref name="fault"/> to every matching request of <paramref name="token"/> (null: of any token) until cleared.</summary>
    public void SetPersistent(string? token, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            if (token is null)
            {
                _persistentForAny = fault;
            }
            else
            {
                _persistent[token] = fault;
            }
        }
    }

    /// <summary>Removes the persistent fault of <paramref name="token"/> (null: the any-token one).</summary>
    public void ClearPersistent(string? token)
    {
        lock (_lock)
        {
            if (token is null)
            {
                _persistentForAny = null;
            }
            else
            {
                _persistent.Remove(token);
            }
        }
    }

    /// <summary>Number of queued faults not consumed yet.</summary>
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

    /// <summary>Removes every queued and persistent fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
            _persistent.Clear();
            _persistentForAny = null;
        }
    }

    /// <summary>Takes the fault for this request, if any.</summary>
    internal Fault? Take(string token, string path)
    {
        lock (_lock)
        {
            var index = _queue.FindIndex(e => (e.Token is null || e.Token == token) && e.Fault.Matches(path));
            if (index >= 0)
            {
                var fault = _queue[index].Fault;
                _queue.RemoveAt(index);
                return fault;
            }

            if (_persistent.TryGetValue(token, out var persistent) && persistent.Matches(path))
            {
                return persistent;
            }

            return _persistentForAny is { } any && any.Matches(path) ? any : null;
        }
    }
}
