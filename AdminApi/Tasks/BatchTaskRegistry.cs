using System.Security.Cryptography;
using System.Threading.Channels;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// The batch task engine: creates tasks, runs each in the background with the work of its kind, and keeps
/// them for <see cref="BatchTaskLimits.Retention"/> after they end (swept on every access, by
/// <see cref="TimeProvider"/>), at most <see cref="BatchTaskLimits.MaxKept"/>. The tasks are stored through
/// <see cref="IBatchTaskStore"/> (read at first use, saved at most once per <see cref="BatchTaskLimits.SaveInterval"/>),
/// so a restarted service still lists them; a task that was running then is shown failed, "the service restarted".
/// <para>
/// With a store that several instances share (an <see cref="IStoreLeases"/> other than <see cref="LocalLeases"/>
/// is registered), the list and the reads answer from the store, so every instance shows every task; a task runs
/// only on the instance that created it (its <see cref="BatchTaskRecord.Owner"/>), which holds the lease
/// <c>task:&lt;id&gt;</c> while it runs. A cancel on another instance sets <see cref="BatchTaskRecord.CancelRequested"/>,
/// which the owner reads back within <see cref="BatchTaskLimits.WatchInterval"/>. A running task whose lease expired
/// (its instance died) is failed, "the instance running it stopped", by the first instance that takes the lease.
/// </para>
/// </summary>
internal sealed class BatchTaskRegistry
{
    /// <summary>The reason of a task that was running when the service stopped.</summary>
    public const string RestartedReason = "the service restarted";

    /// <summary>The reason of a task whose instance stopped renewing its lease (shared stores).</summary>
    public const string OwnerStoppedReason = "the instance running it stopped";

    /// <summary>The reason of a task whose owner lost its lease to another instance (shared stores).</summary>
    public const string LeaseLostReason = "this instance lost the task's lease";

    /// <summary>The lease prefix of a running task.</summary>
    public const string LeasePrefix = "task:";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, BatchTask> _tasks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly Channel<bool> _saveSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _loaded;
    private readonly IBatchTaskStore _store;
    private readonly RefreshTaskWork _refresh;
    private readonly AccountTaskWork _accounts;
    private readonly ITokenRegistry _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchTaskRegistry> _logger;
    private readonly IStoreLeases? _leases;
    private readonly string _instance;
    private readonly TimeSpan _leaseTtl;
    private readonly TimeSpan _renewEvery;
    private volatile bool _stopped;

    public BatchTaskRegistry(
        IBatchTaskStore store,
        RefreshTaskWork refresh,
        AccountTaskWork accounts,
        ITokenRegistry tokens,
        TimeProvider time,
        BatchTaskLifetime lifetime,
        ILogger<BatchTaskRegistry> logger,
        IEnumerable<IStoreLeases> leases,
        IEnumerable<StoreInstance> instance,
        IOptions<StoreLeaseOptions> leaseOptions)
    {
        ArgumentNullException.ThrowIfNull(leaseOptions);
        _leases = leases.FirstOrDefault(l => l is not LocalLeases);
        _instance = (instance.FirstOrDefault() ?? new StoreInstance()).Id;
        _leaseTtl = leaseOptions.Value.Ttl;
        _renewEvery = leaseOptions.Value.RenewEvery;
        _store = store;
        _refresh = refresh;
        _accounts = accounts;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _loaded = new Lazy<Task>(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);
        lifetime.Attach(this);
    }

    /// <summary>Whether instances share the store (tasks of other instances are listed, leases are real).</summary>
    public bool Shared => _leases is not null;

    /// <summary>This instance's id: the owner of the tasks it creates.</summary>
    public string Instance => _instance;

    /// <summary>How <see cref="CreateAsync"/> ended.</summary>
    public enum CreateError
    {
        /// <summary>Created.</summary>
        None,

        /// <summary><see cref="BatchTaskLimits.MaxRunning"/> tasks are already running.</summary>
        TooManyRunning,
    }

    /// <summary>Creates and starts a task over <paramref name="ids"/> (every token when null, newest first).</summary>
    public async Task<(BatchTask? Task, CreateError Error)> CreateAsync(BatchTaskKind kind, IReadOnlyList<string>? ids, CancellationToken cancellationToken)
    {
        await _loaded.Value.WaitAsync(cancellationToken);
        var items = Resolve(ids);
        BatchTask task;
        lock (_gate)
        {
            var now = NowMs();
            Sweep(now);
            if (_tasks.Values.Count(t => t.IsRunning) >= BatchTaskLimits.MaxRunning)
            {
                return (null, CreateError.TooManyRunning);
            }

            task = new BatchTask(NewId(), kind, items, now, _instance);
            _tasks[task.Id] = task;
            Sweep(now);
        }

        if (_leases is not null)
        {
            // The lease first, then the record: a running record whose lease is free belongs to a dead instance.
            await TryStoreAsync(() => _leases.TryAcquireAsync(LeasePrefix + task.Id, _leaseTtl, cancellationToken));
            await TryStoreAsync(async () =>
            {
                await _store.UpsertAsync([task.Snapshot()], cancellationToken);
                return true;
            });
        }

        RequestSave();
        BatchTaskLog.Started(_logger, task.Id, BatchTaskKinds.NameOf(kind), items.Count);
        _ = Task.Run(() => RunAsync(task), CancellationToken.None);
        return (task, CreateError.None);
    }

    /// <summary>Every kept task, newest first (with a shared store: the tasks of every instance).</summary>
    public async Task<IReadOnlyList<BatchTaskRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await _loaded.Value.WaitAsync(cancellationToken);
        List<BatchTaskRecord> local;
        lock (_gate)
        {
            Sweep(NowMs());
            local = [.. _tasks.Values.Select(t => t.Snapshot())];
        }

        if (_leases is not null && await LoadStoredAsync(cancellationToken) is { } stored)
        {
            var merged = new Dictionary<string, BatchTaskRecord>(StringComparer.Ordinal);
            foreach (var record in stored)
            {
                merged[record.Id] = record;
            }

            foreach (var record in local)
            {
                merged[record.Id] = record;
            }

            var kept = await SweepStoredAsync([.. merged.Values], local, cancellationToken);
            local = [];
            foreach (var record in kept)
            {
                local.Add(await ReapIfOrphanedAsync(record, cancellationToken));
            }
        }

        return [.. local.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The task as the API shows it: this instance's own, else (shared store) the stored record, failed first
    /// when its instance died; null when no kept task has this id.
    /// </summary>
    public async Task<BatchTaskRecord?> FindRecordAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is { } task)
        {
            return task.Snapshot();
        }

        if (_leases is null || await LoadStoredAsync(cancellationToken) is not { } stored || stored.FirstOrDefault(r => r.Id == id) is not { } record)
        {
            return null;
        }

        if (record.EndedAt is { } ended && ended + (long)BatchTaskLimits.Retention.TotalMilliseconds <= NowMs())
        {
            return null;
        }

        return await ReapIfOrphanedAsync(record, cancellationToken);
    }

    /// <summary>
    /// Cancels the task: this instance's own at once; another instance's by setting <see cref="BatchTaskRecord.CancelRequested"/>
    /// in the store. Returns the task as it is then; null when no kept task has this id.
    /// </summary>
    public async Task<BatchTaskRecord?> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is { } task)
        {
            if (task.IsRunning)
            {
                BatchTaskLog.CancelRequested(_logger, task.Id);
            }

            Cancel(task);
            return task.Snapshot();
        }

        if (await FindRecordAsync(id, cancellationToken) is not { } record)
        {
            return null;
        }

        if (record.Status != BatchTaskStatus.Running || record.CancelRequested)
        {
            return record;
        }

        var flagged = record with { CancelRequested = true };
        await TryStoreAsync(async () =>
        {
            await _store.UpsertAsync([flagged], cancellationToken);
            return true;
        });
        BatchTaskLog.CancelForwarded(_logger, id, record.Owner ?? "");

        // The owner may have written its state between our read and our write: look once more a little later.
        _ = Task.Run(() => ReassertCancelAsync(id), CancellationToken.None);
        return flagged;
    }

    /// <summary>The task, or null when no kept task has this id (with a shared store: only this instance's own tasks).</summary>
    public async Task<BatchTask?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await _loaded.Value.WaitAsync(cancellationToken);
        lock (_gate)
        {
            Sweep(NowMs());
            return _tasks.GetValueOrDefault(id);
        }
    }

    /// <summary>Asks a running task to stop; an ended task is left as it is.</summary>
    public static void Cancel(BatchTask task)
    {
        if (task.IsRunning)
        {
            task.Cancellation.Cancel();
        }
    }

    /// <summary>
    /// At shutdown: saves the tasks as they are (a running one is read back as failed, "the service
    /// restarted"), then stops the running ones, whose listeners get a final event.
    /// </summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_loaded.IsValueCreated)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync();
        if (_leases is not null)
        {
            await StopSharedAsync(cancellationToken);
            return;
        }

        await SaveNowAsync(cancellationToken);
        List<BatchTask> running;
        lock (_gate)
        {
            running = [.. _tasks.Values.Where(t => t.IsRunning)];
        }

        foreach (var task in running)
        {
            await task.Cancellation.CancelAsync();
        }
    }

    /// <summary>
    /// Shared store: the running tasks are stopped and stored failed, "the service stopped", and their leases given up,
    /// so other instances show the truth at once instead of waiting for the leases to expire.
    /// </summary>
    private async Task StopSharedAsync(CancellationToken cancellationToken)
    {
        List<BatchTask> running;
        lock (_gate)
        {
            running = [.. _tasks.Values.Where(t => t.IsRunning)];
        }

        foreach (var task in running)
        {
            await task.Cancellation.CancelAsync();
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while (running.Any(t => t.IsRunning))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), bounded.Token);
            }

            await SaveNowAsync(bounded.Token);
            foreach (var task in running.Where(t => !t.LeaseLost))
            {
                await TryStoreAsync(async () =>
                {
                    await _leases!.ReleaseAsync(LeasePrefix + task.Id, bounded.Token);
                    return true;
                });
            }
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            // The leases expire by themselves; another instance then marks the tasks failed.
        }
    }

    private async Task RunAsync(BatchTask task)
    {
        string status;
        string? reason = null;
        var work = task.Kind == BatchTaskKind.Refresh ? (IBatchTaskWork)_refresh : _accounts;
        try
        {
            await work.RunAsync(task.Kind, task.Items, task.Report, task.Cancellation.Token);
            var counts = task.Snapshot();
            // A cancel that came while the work ran ends it cancelled, also when the items it interrupted were
            // counted as failed; only a task whose every item succeeded is done whatever came late.
            (status, reason) = task.Cancellation.IsCancellationRequested && (counts.Processed < counts.Total || counts.Ok < counts.Total)
                ? (BatchTaskStatus.Cancelled, null)
                : counts.Total > 0 && counts.Ok == 0 ? (BatchTaskStatus.Failed, "every item failed") : (BatchTaskStatus.Done, null);
        }
        catch (OperationCanceledException) when (task.Cancellation.IsCancellationRequested)
        {
            status = BatchTaskStatus.Cancelled;
        }
        catch (Exception ex)
        {
            BatchTaskLog.Broke(_logger, task.Id, BatchTaskKinds.NameOf(task.Kind), ex);
            (status, reason) = (BatchTaskStatus.Failed, "internal error (" + ex.GetType().Name + ")");
        }

        if (_stopped)
        {
            // Stopped by the shutdown: the store keeps it running, read back as failed at the next start.
            (status, reason) = (BatchTaskStatus.Failed, "the service stopped");
        }

        if (task.LeaseLost)
        {
            (status, reason) = (BatchTaskStatus.Failed, LeaseLostReason);
        }

        if (task.End(status, reason, NowMs()))
        {
            var record = task.Snapshot();
            BatchTaskLog.Ended(_logger, task.Id, record.Kind, status, record.Ok, record.Fail, record.Total);
            if (_leases is not null && !_stopped)
            {
                // The final state first, then the lease: a free lease over a running record means a dead owner.
                var saved = await TryStoreAsync(async () =>
                {
                    await _store.UpsertAsync([record], CancellationToken.None);
                    return true;
                });
                if (saved is true && !task.LeaseLost)
                {
                    await TryStoreAsync(async () =>
                    {
                        await _leases.ReleaseAsync(LeasePrefix + task.Id, CancellationToken.None);
                        return true;
                    });
                }
            }

            RequestSave();
        }
    }

    private List<BatchTaskItem> Resolve(IReadOnlyList<string>? ids)
    {
        if (ids is null)
        {
            return [.. _tokens.Export(null).Select(token => new BatchTaskItem(TokenIdentity.IdOf(token), TokenIdentity.Mask(token)))];
        }

        return [.. ids.Select(id => new BatchTaskItem(id, _tokens.Find(id) is { } found ? TokenIdentity.Mask(found.Token.Token) : ""))];
    }

    /// <summary>Drops ended tasks past their retention, then the oldest ended ones beyond <see cref="BatchTaskLimits.MaxKept"/>. Under the lock.</summary>
    private void Sweep(long now)
    {
        var retention = (long)BatchTaskLimits.Retention.TotalMilliseconds;
        var ended = _tasks.Values.Select(t => t.Snapshot()).Where(r => r.EndedAt is not null).ToList();
        var removed = 0;
        foreach (var record in ended.Where(r => r.EndedAt!.Value + retention <= now))
        {
            removed += Forget(record.Id);
        }

        foreach (var record in ended.Where(r => _tasks.ContainsKey(r.Id)).OrderBy(r => r.CreatedAt).Take(Math.Max(0, _tasks.Count - BatchTaskLimits.MaxKept)))
        {
            removed += Forget(record.Id);
        }

        if (removed > 0)
        {
            RequestSave();
        }
    }

    private async Task LoadAsync()
    {
        if (_leases is not null)
        {
            // Shared: the store is read on every list; a stored running task is the business of its owner (or, once
            // its lease expired, of whoever reaps it).
            _ = Task.Run(SaveLoopAsync, CancellationToken.None);
            _ = Task.Run(WatchLoopAsync, CancellationToken.None);
            return;
        }

        IReadOnlyList<BatchTaskRecord> records;
        try
        {
            records = await _store.LoadAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BatchTaskLog.LoadFailed(_logger, ex.Message);
            records = [];
        }

        var now = NowMs();
        var interrupted = false;
        lock (_gate)
        {
            foreach (var record in records)
            {
                var ended = record;
                if (record.Status == BatchTaskStatus.Running || record.EndedAt is null)
                {
                    ended = record with { Status = BatchTaskStatus.Failed, Reason = RestartedReason, EndedAt = now };
                    interrupted = true;
                }

                _tasks[ended.Id] = new BatchTask(ended);
            }

            Sweep(now);
        }

        _ = Task.Run(SaveLoopAsync, CancellationToken.None);
        if (interrupted)
        {
            RequestSave();
        }
    }

    private int Forget(string id)
    {
        if (!_tasks.Remove(id))
        {
            return 0;
        }

        _removed.Add(id);
        return 1;
    }

    private void RequestSave() => _saveSignal.Writer.TryWrite(true);

    private async Task SaveLoopAsync()
    {
        try
        {
            while (true)
            {
                await _saveSignal.Reader.ReadAsync(_stopping.Token);
                await Task.Delay(BatchTaskLimits.SaveInterval, _time, _stopping.Token);
                await SaveNowAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: StopAsync saves one last time.
        }
    }

    private async Task SaveNowAsync(CancellationToken cancellationToken)
    {
        await _saveGate.WaitAsync(cancellationToken);
        try
        {
            List<BatchTaskRecord> records;
            List<string> removed;
            lock (_gate)
            {
                records = [.. _tasks.Values.Select(t => t.Snapshot()).OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
                removed = [.. _removed];
                _removed.Clear();
            }

            if (_leases is not null && records.Count > 0)
            {
                // A cancel another instance wrote since the last look is kept, and acted on.
                records = await MergeCancelRequestsAsync(records, cancellationToken);
            }

            try
            {
                await _store.UpsertAsync(records, cancellationToken);
                await _store.DeleteAsync(removed, cancellationToken);
            }
            catch
            {
                lock (_gate)
                {
                    _removed.UnionWith(removed.Where(id => !_tasks.ContainsKey(id)));
                }

                throw;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BatchTaskLog.SaveFailed(_logger, ex.Message);
        }
        finally
        {
            _saveGate.Release();
        }
    }

    /// <summary>
    /// Shared store: every <see cref="BatchTaskLimits.WatchInterval"/> while tasks run here, reads the store for
    /// cancels asked on other instances; every <see cref="StoreLeaseOptions.RenewEvery"/>, renews the leases of the
    /// running tasks (a lease taken over by another instance stops the task).
    /// </summary>
    private async Task WatchLoopAsync()
    {
        var lastRenew = _time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(BatchTaskLimits.WatchInterval, _time, _stopping.Token);
                List<BatchTask> running;
                lock (_gate)
                {
                    running = [.. _tasks.Values.Where(t => t.IsRunning)];
                }

                if (running.Count == 0)
                {
                    continue;
                }

                await MergeCancelRequestsAsync([.. running.Select(t => t.Snapshot())], _stopping.Token);
                if (_time.GetUtcNow() - lastRenew >= _renewEvery)
                {
                    lastRenew = _time.GetUtcNow();
                    foreach (var task in running.Where(t => t.IsRunning))
                    {
                        if (await TryStoreAsync(() => _leases!.TryAcquireAsync(LeasePrefix + task.Id, _leaseTtl, _stopping.Token)) is false
                            && !_stopping.IsCancellationRequested)
                        {
                            task.LoseLease();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the stored records of <paramref name="own"/>; a set cancel flag cancels the task here and is kept in the records returned.</summary>
    private async Task<List<BatchTaskRecord>> MergeCancelRequestsAsync(List<BatchTaskRecord> own, CancellationToken cancellationToken)
    {
        if (await LoadStoredAsync(cancellationToken) is not { } stored)
        {
            return own;
        }

        var flagged = stored.Where(r => r.CancelRequested).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (flagged.Count == 0)
        {
            return own;
        }

        var merged = new List<BatchTaskRecord>(own.Count);
        foreach (var record in own)
        {
            if (flagged.Contains(record.Id) && !record.CancelRequested)
            {
                BatchTask? task;
                lock (_gate)
                {
                    task = _tasks.GetValueOrDefault(record.Id);
                }

                if (task is not null && task.IsRunning)
                {
                    BatchTaskLog.CancelRequested(_logger, task.Id);
                    task.MarkCancelRequested();
                    Cancel(task);
                }

                merged.Add(record with { CancelRequested = record.Status == BatchTaskStatus.Running });
                continue;
            }

            merged.Add(record);
        }

        return merged;
    }

    /// <summary>Sets the cancel flag again when the owner wrote over it while the task still runs (once, a little later).</summary>
    private async Task ReassertCancelAsync(string id)
    {
        try
        {
            await Task.Delay(BatchTaskLimits.WatchInterval * 2.5, _time, _stopping.Token);
            if (await LoadStoredAsync(_stopping.Token) is { } stored
                && stored.FirstOrDefault(r => r.Id == id) is { Status: BatchTaskStatus.Running, CancelRequested: false } record)
            {
                await TryStoreAsync(async () =>
                {
                    await _store.UpsertAsync([record with { CancelRequested = true }], _stopping.Token);
                    return true;
                });
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A stored running task of another instance whose lease is free (its instance died) is failed, "the instance
    /// running it stopped", by the instance that takes the lease first; the lease is left to expire, so an owner that
    /// only lost contact learns it lost the task.
    /// </summary>
    private async Task<BatchTaskRecord> ReapIfOrphanedAsync(BatchTaskRecord record, CancellationToken cancellationToken)
    {
        if (_leases is null || record.Status != BatchTaskStatus.Running || record.Owner == _instance)
        {
            return record;
        }

        if (await TryStoreAsync(() => _leases.TryAcquireAsync(LeasePrefix + record.Id, _leaseTtl, cancellationToken)) is not true)
        {
            return record;
        }

        // The record was read before the lease was taken: its owner may have stored the final state and freed the
        // lease in between (an owner ends that way). Read it again, and leave a task that has ended as it is.
        var again = await LoadStoredAsync(cancellationToken);
        if (again?.FirstOrDefault(r => r.Id == record.Id) is not { } current
            || current.Status != BatchTaskStatus.Running
            || current.Owner == _instance)
        {
            await TryStoreAsync(async () =>
            {
                await _leases.ReleaseAsync(LeasePrefix + record.Id, cancellationToken);
                return true;
            });
            return again?.FirstOrDefault(r => r.Id == record.Id) ?? record;
        }

        // A task with a cancel request that no instance runs any more has been cancelled: its owner stopped it, or
        // stopped itself, after the request. This also covers an owner that stored "cancelled" and freed the lease
        // while another instance re-set the cancel flag over that final record from an older read
        // (ReassertCancelAsync: the store has no conditional write).
        var ended = current.CancelRequested
            ? current with { Status = BatchTaskStatus.Cancelled, EndedAt = NowMs() }
            : current with { Status = BatchTaskStatus.Failed, Reason = OwnerStoppedReason, EndedAt = NowMs(), CancelRequested = false };
        await TryStoreAsync(async () =>
        {
            await _store.UpsertAsync([ended], cancellationToken);
            return true;
        });
        if (current.CancelRequested)
        {
            BatchTaskLog.ReapedCancelled(_logger, record.Id, record.Owner ?? "");
        }
        else
        {
            BatchTaskLog.Reaped(_logger, record.Id, record.Owner ?? "");
        }

        return ended;
    }

    /// <summary>
    /// Shared store: deletes the stored tasks that ended more than <see cref="BatchTaskLimits.Retention"/> ago, then the
    /// oldest ended ones beyond <see cref="BatchTaskLimits.MaxKept"/>; returns the others.
    /// </summary>
    private async Task<List<BatchTaskRecord>> SweepStoredAsync(List<BatchTaskRecord> records, List<BatchTaskRecord> own, CancellationToken cancellationToken)
    {
        var now = NowMs();
        var retention = (long)BatchTaskLimits.Retention.TotalMilliseconds;
        var ownIds = own.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var gone = records.Where(r => r.EndedAt is { } ended && ended + retention <= now && !ownIds.Contains(r.Id)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var left = records.Where(r => !gone.Contains(r.Id)).ToList();
        foreach (var record in left.Where(r => r.EndedAt is not null && !ownIds.Contains(r.Id)).OrderBy(r => r.CreatedAt).Take(Math.Max(0, left.Count - BatchTaskLimits.MaxKept)))
        {
            gone.Add(record.Id);
        }

        if (gone.Count > 0)
        {
            await TryStoreAsync(async () =>
            {
                await _store.DeleteAsync([.. gone], cancellationToken);
                return true;
            });
        }

        return [.. records.Where(r => !gone.Contains(r.Id))];
    }

    /// <summary>The stored tasks, or null when the store cannot be read (the caller answers from memory).</summary>
    private async Task<IReadOnlyList<BatchTaskRecord>?> LoadStoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _store.LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            BatchTaskLog.LoadFailed(_logger, ex.Message);
            return null;
        }
    }

    /// <summary>Runs a store call; a store that cannot be reached gives null (logged), never an exception.</summary>
    private async Task<bool?> TryStoreAsync(Func<Task<bool>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            BatchTaskLog.SaveFailed(_logger, ex.Message);
            return null;
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
