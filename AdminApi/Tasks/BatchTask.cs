using System.Text.Json;
using Grok2Api.Storage.Tasks;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// One task's live state: counters, failed items, asset counts and event listeners, all under one lock.
/// Items reported after the task ended (a call that finished while a cancel was handled) are ignored.
/// </summary>
internal sealed class BatchTask
{
    private readonly Lock _gate = new();
    private readonly List<BatchTaskListener> _listeners = [];
    private readonly List<BatchTaskItemError> _errors = [];
    private readonly List<BatchTaskAssetCount> _assets = [];
    private BatchTaskRecord _record;
    private byte[]? _final;

    /// <summary>A new running task.</summary>
    public BatchTask(string id, BatchTaskKind kind, IReadOnlyList<BatchTaskItem> items, long createdAt, string? owner = null)
    {
        Kind = kind;
        Items = items;
        _record = new BatchTaskRecord
        {
            Id = id,
            Kind = BatchTaskKinds.NameOf(kind),
            Status = BatchTaskStatus.Running,
            Total = items.Count,
            CreatedAt = createdAt,
            Owner = owner,
        };
    }

    /// <summary>A task read back from the store (ended: a task that was running is failed by the caller first).</summary>
    public BatchTask(BatchTaskRecord record)
    {
        _record = record;
        Items = [];
        BatchTaskKinds.TryParse(record.Kind, out var kind);
        Kind = kind;
        _errors.AddRange(record.Errors);
        _assets.AddRange(record.Assets);
        _final = Serialize(FinalEvent(record));
    }

    public string Id => _record.Id;

    public BatchTaskKind Kind { get; }

    /// <summary>The tokens to work on (empty for a task read back from the store).</summary>
    public IReadOnlyList<BatchTaskItem> Items { get; }

    /// <summary>Cancels the run.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _final is null;
            }
        }
    }

    /// <summary>A copy of the task as the API and the store show it.</summary>
    public BatchTaskRecord Snapshot()
    {
        lock (_gate)
        {
            return _record with { Errors = [.. _errors], Assets = [.. _assets] };
        }
    }

    /// <summary>Whether another instance took the task's lease (this instance then stops it).</summary>
    public bool LeaseLost { get; private set; }

    /// <summary>Another instance holds the task's lease: the run stops and the task ends failed.</summary>
    public void LoseLease()
    {
        LeaseLost = true;
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Records that an admin asked another instance to cancel the task (kept in the stored record).</summary>
    public void MarkCancelRequested()
    {
        lock (_gate)
        {
            if (_final is null)
            {
                _record = _record with { CancelRequested = true };
            }
        }
    }

    /// <summary>Counts one item and tells the listeners; ignored once the task ended.</summary>
    public void Report(TaskItemResult item)
    {
        lock (_gate)
        {
            if (_final is not null)
            {
                return;
            }

            _record = _record with
            {
                Processed = _record.Processed + 1,
                Ok = _record.Ok + (item.Ok ? 1 : 0),
                Fail = _record.Fail + (item.Ok ? 0 : 1),
            };
            if (!item.Ok)
            {
                _errors.Add(new BatchTaskItemError(item.Id, item.TokenMasked, item.Reason ?? "failed"));
            }

            if (Kind == BatchTaskKind.AssetsLoad && item.Ok)
            {
                _assets.Add(new BatchTaskAssetCount(item.Id, item.TokenMasked, item.Count ?? 0));
            }

            var payload = Serialize(new TaskProgressEvent("progress", _record.Id, _record.Total, _record.Processed, _record.Ok, _record.Fail, item));
            foreach (var listener in _listeners)
            {
                listener.Progress(payload);
            }
        }
    }

    /// <summary>Ends the task once; later calls do nothing. Returns whether this call ended it.</summary>
    public bool End(string status, string? reason, long endedAt)
    {
        lock (_gate)
        {
            if (_final is not null)
            {
                return false;
            }

            _record = _record with { Status = status, Reason = reason, EndedAt = endedAt, Errors = [.. _errors], Assets = [.. _assets] };
            _final = Serialize(FinalEvent(_record));
            foreach (var listener in _listeners)
            {
                listener.End(_final);
            }

            _listeners.Clear();
            return true;
        }
    }

    /// <summary>
    /// The snapshot event and, for a running task, a new listener registered at the same moment (so no item
    /// falls between them); for an ended task, the final event instead.
    /// </summary>
    public (byte[] Snapshot, BatchTaskListener? Listener, byte[]? Final) Subscribe()
    {
        lock (_gate)
        {
            var snapshot = SnapshotEvent(_record with { Errors = [.. _errors], Assets = [.. _assets] });
            if (_final is not null)
            {
                return (snapshot, null, _final);
            }

            var listener = new BatchTaskListener();
            _listeners.Add(listener);
            return (snapshot, listener, null);
        }
    }

    public void Unsubscribe(BatchTaskListener listener)
    {
        lock (_gate)
        {
            _listeners.Remove(listener);
        }
    }

    /// <summary>The serialized snapshot event of <paramref name="record"/>.</summary>
    public static byte[] SnapshotEvent(BatchTaskRecord record) => Serialize(new TaskSnapshotEvent(
        "snapshot", record.Id, record.Kind, record.Status, record.Total, record.Processed, record.Ok, record.Fail,
        record.Errors, record.Assets, record.CreatedAt, record.EndedAt, record.Reason));

    /// <summary>The serialized final event of an ended <paramref name="record"/>.</summary>
    public static byte[] FinalEventOf(BatchTaskRecord record) => Serialize(FinalEvent(record));

    /// <summary>A serialized progress event.</summary>
    public static byte[] ProgressEvent(string id, int total, int processed, int ok, int fail, TaskItemResult item) =>
        Serialize(new TaskProgressEvent("progress", id, total, processed, ok, fail, item));

    private static TaskFinalEvent FinalEvent(BatchTaskRecord record) =>
        new(record.Status, record.Id, record.Total, record.Processed, record.Ok, record.Fail, record.Errors, record.Reason);

    private static byte[] Serialize<T>(T value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)AdminJsonContext.Default.GetTypeInfo(typeof(T))!);
}
