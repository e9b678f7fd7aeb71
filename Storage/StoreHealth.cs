namespace Grok2Api.Storage;

/// <summary>
/// What the service knows about its store's reachability, for <c>/health</c> and the logs. Each
/// store reports the outcome of its calls; writes waiting for the store are counted by their owners.
/// Thread-safe.
/// </summary>
public sealed class StoreHealth
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _reachable = true;
    private DateTimeOffset? _since;
    private string? _lastError;

    /// <summary>Creates the health of a store of kind <paramref name="kind"/>.</summary>
    /// <param name="kind">The store kind, as <c>SERVER_STORAGE_TYPE</c> names it.</param>
    /// <param name="time">The clock.</param>
    public StoreHealth(string kind, TimeProvider time)
    {
        Kind = kind;
        _time = time;
    }

    /// <summary>local, redis, pgsql or mysql.</summary>
    public string Kind { get; }

    /// <summary>Whether the last call to the store succeeded.</summary>
    public bool Reachable
    {
        get
        {
            lock (_gate)
            {
                return _reachable;
            }
        }
    }

    /// <summary>The state as <c>/health</c> shows it.</summary>
    public StoreHealthView View()
    {
        lock (_gate)
        {
            return new StoreHealthView(Kind, _reachable ? "ok" : "unavailable", _reachable ? null : _since?.ToUnixTimeSeconds(), _reachable ? null : _lastError);
        }
    }

    /// <summary>A call to the store succeeded.</summary>
    /// <returns>True when this ends an outage.</returns>
    public bool ReportSuccess()
    {
        lock (_gate)
        {
            if (_reachable)
            {
                return false;
            }

            _reachable = true;
            _since = _time.GetUtcNow();
            _lastError = null;
            return true;
        }
    }

    /// <summary>A call to the store failed because the store could not be reached.</summary>
    /// <param name="problem">A short description without credentials.</param>
    /// <returns>True when this starts an outage.</returns>
    public bool ReportFailure(string problem)
    {
        lock (_gate)
        {
            _lastError = problem;
            if (!_reachable)
            {
                return false;
            }

            _reachable = false;
            _since = _time.GetUtcNow();
            return true;
        }
    }
}

/// <summary>The store's state in the <c>/health</c> answer.</summary>
/// <param name="Type">local, redis, pgsql or mysql.</param>
/// <param name="State">ok or unavailable.</param>
/// <param name="UnavailableSince">When the outage began (Unix seconds), while unavailable.</param>
/// <param name="Error">The last failure, while unavailable; never a credential.</param>
public sealed record StoreHealthView(string Type, string State, long? UnavailableSince, string? Error);
