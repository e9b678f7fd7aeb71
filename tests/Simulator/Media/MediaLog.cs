namespace Grok2Api.Simulator.Media;

/// <summary>
/// What one media family received (oldest first) and the outcomes queued for its next requests, consumed one
/// per request in queue order (a null token matches any caller); a request without one gets the default
/// (the outcome enum's first value). Thread-safe.
/// </summary>
/// <typeparam name="TItem">What is recorded per request.</typeparam>
/// <typeparam name="TOutcome">How a request can be answered.</typeparam>
public abstract class MediaLog<TItem, TOutcome>
    where TOutcome : struct, Enum
{
    private readonly RecordList<TItem> _items = new();
    private readonly OutcomeQueue<TOutcome> _outcomes = new();

    private protected MediaLog()
    {
    }

    /// <summary>Outcomes queued and not used yet.</summary>
    public int PendingCount => _outcomes.PendingCount;

    /// <summary>A snapshot of the recorded requests, oldest first.</summary>
    protected IReadOnlyList<TItem> Items => _items.Snapshot();

    /// <summary>Answers the next request of <paramref name="token"/> (null: of any token) with <paramref name="outcome"/>.</summary>
    public void Enqueue(string? token, TOutcome outcome) => _outcomes.Enqueue(token, outcome);

    /// <summary>Forgets recorded requests and queued outcomes.</summary>
    public void Clear()
    {
        _items.Clear();
        _outcomes.Clear();
    }

    internal TOutcome TakeOutcome(string token) => _outcomes.Take(token);

    internal void Add(TItem item) => _items.Add(item);
}
