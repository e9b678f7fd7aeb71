using System.Security.Cryptography;
using System.Threading.Channels;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.Logging;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// The batch task engine: creates tasks, runs each in the background with the work of its kind, and keeps
/// them for <see cref="BatchTaskLimits.Retention"/> after they end (swept on every access, by
/// <see cref="TimeProvider"/>), at most <see cref="BatchTaskLimits.MaxKept"/>. The tasks are stored through
/// <see cref="IBatchTaskStore"/> (read at first use, saved at most once per <see cref="BatchTaskLimits.SaveInterval"/>),
/// so a restarted service still lists them; a task that was running then is shown failed, "the service restarted".
/// </summary>
internal sealed class BatchTaskRegistry
{
    /// <summary>The reason of a task that was running when the service stopped.</summary>
    public const string RestartedReason = "the service restarted";

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
    private volatile bool _stopped;

    public BatchTaskRegistry(
        IBatchTaskStore store,
        RefreshTaskWork refresh,
        AccountTaskWork accounts,
        ITokenRegistry tokens,
        TimeProvider time,
        BatchTaskLifetime lifetime,
        ILogger<BatchTaskRegistry> logger)
    {
        _store = store;
        _refresh = refresh;
        _accounts = accounts;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _loaded = new Lazy<Task>(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);
        lifetime.Attach(this);
    }

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

            task = new BatchTask(NewId(), kind, items, now);
            _tasks[task.Id] = task;
            Sweep(now);
        }

        RequestSave();
        BatchTaskLog.Started(_logger, task.Id, BatchTaskKinds.NameOf(kind), items.Count);
        _ = Task.Run(() => RunAsync(task), CancellationToken.None);
        return (task, CreateError.None);
    }

    /// <summary>Every kept task, newest first.</summary>
    public async Task<IReadOnlyList<BatchTaskRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await _loaded.Value.WaitAsync(cancellationToken);
        lock (_gate)
        {
            Sweep(NowMs());
            return [.. _tasks.Values.Select(t => t.Snapshot()).OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>The task, or null when no kept task has this id.</summary>
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

    private async Task RunAsync(BatchTask task)
    {
        string status;
        string? reason = null;
        var work = task.Kind == BatchTaskKind.Refresh ? (IBatchTaskWork)_refresh : _accounts;
        try
        {
            await work.RunAsync(task.Kind, task.Items, task.Report, task.Cancellation.Token);
            var counts = task.Snapshot();
            (status, reason) = task.Cancellation.IsCancellationRequested && counts.Processed < counts.Total
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

        if (task.End(status, reason, NowMs()))
        {
            var record = task.Snapshot();
            BatchTaskLog.Ended(_logger, task.Id, record.Kind, status, record.Ok, record.Fail, record.Total);
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

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
