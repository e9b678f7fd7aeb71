using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Videos;
using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// Runs the jobs of the Videos API in the background (docs/adr/0007): each job waits for a
/// <c>video.concurrent</c> slot (shared with video through chat), then runs the
/// <see cref="GrokVideoExchange"/> through the <see cref="UpstreamPipeline"/> on a detached request
/// context, so the client that created it may leave. Finished jobs are kept for
/// <c>video.job_retention</c> seconds, then forgotten. Thread-safe.
/// <para>
/// Every job is also kept in the <see cref="IVideoJobRecordStore"/> (created at once; state changes and progress at
/// most once per <see cref="FlushInterval"/>), so any instance sharing the store answers for it: reads take this
/// instance's own job when it runs here, else the stored record. A delete on another instance marks the record
/// <see cref="VideoJobRecord.Deleted"/>; the instance running it reads its jobs' records every
/// <see cref="WatchInterval"/> and stops them. While the store cannot be reached, jobs run on: the latest state of each
/// is written when it is back, and reads answer from memory.
/// </para>
/// </summary>
internal sealed partial class VideoJobs(
    VideoJobTable table,
    IVideoJobRecordStore records,
    GrokVideos videos,
    UpstreamPipeline pipeline,
    IOptionsMonitor<AppSection> appSettings,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<VideoJobs> logger,
    IEnumerable<IStoreLeases>? leases = null)
{
    /// <summary>When a delete made here of another instance's job is marked again, after the first mark.</summary>
    private static readonly TimeSpan[] RemarkDelays = [TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.5)];

    /// <summary>Most jobs held at once (running and kept, in the store); a create beyond it is refused with 429.</summary>
    public const int MaxJobs = 10_000;

    /// <summary>How often changed jobs are written to the store (so progress at most this often).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the records of the jobs running here are read for deletes made on other instances.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    /// <summary>Records read per watch round (the running jobs beyond it are read in later rounds).</summary>
    public const int WatchBatch = 64;

    /// <summary>A record the store holds that did not end this long after it was created (beyond the retention) is an orphan of a dead instance.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(1);

    private static readonly TimeSpan CountCacheAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StoreCallTimeout = TimeSpan.FromSeconds(10);

    private readonly bool _shared = leases?.Any(l => l is not LocalLeases) == true;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingDeletes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private Task? _recovered;
    private (int Count, DateTimeOffset At)? _storedCount;
    private bool _storeDown;

    /// <summary>How long a finished job is kept.</summary>
    public TimeSpan Retention => TimeSpan.FromSeconds(videos.Settings.JobRetention);

    /// <summary>
    /// Creates a job, stores it and starts it in the background; null when <see cref="MaxJobs"/> are held.
    /// The view returned is the job as created (<c>queued</c>), taken before it starts, so the answer to the
    /// create call does not depend on how soon the background run begins.
    /// </summary>
    /// <param name="request">The checked request.</param>
    /// <param name="image">The reference image, or null.</param>
    /// <param name="origin">The creating request: its scheme and host stand in for an empty <c>app.app_url</c> in links.</param>
    /// <param name="cancellationToken">Cancels the store calls (the job itself is not bound to the request).</param>
    public async Task<VideoJobView?> StartAsync(VideoCreateRequest request, LoadedAttachment? image, HttpRequest origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(origin);
        await RecoverAsync(cancellationToken);
        Sweep();
        if (Math.Max(table.Count, await StoredCountAsync(cancellationToken)) >= MaxJobs)
        {
            return null;
        }

        var id = "video_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var job = new VideoJob(id, request, time.GetUtcNow(), lifetime.ApplicationStopping);
        table.Add(job);
        lock (_gate)
        {
            if (_storedCount is { } counted)
            {
                _storedCount = (counted.Count + 1, counted.At);
            }
        }

        // Written before the id is handed out, so every instance knows it at once (when the store answers).
        await WriteAsync(job, cancellationToken);

        var context = new DefaultHttpContext();
        context.Request.Scheme = origin.Scheme;
        context.Request.Host = origin.Host;
        context.Request.PathBase = origin.PathBase;
        context.RequestAborted = job.Cancellation;
        var app = appSettings.CurrentValue;
        var call = new VideoCall(request.Prompt, image, request.Settings, ShowProgress: true, app.Temporary, app.DisableMemory);
        var created = job.View(Retention);
        _ = Task.Run(() => RunAsync(job, call, context), CancellationToken.None);
        return created;
    }

    /// <summary>The job with <paramref name="id"/>, here or in the store, unless unknown, deleted or expired.</summary>
    public async Task<VideoJobEntry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        Sweep();
        if (table.Find(id) is { } job)
        {
            return EntryOf(job);
        }

        lock (_gate)
        {
            if (_pendingDeletes.Contains(id))
            {
                return null;
            }
        }

        var record = await TryStoreAsync(ct => records.FindAsync(id, ct), cancellationToken);
        return record is { Deleted: false } && !Expired(record) ? EntryOf(record) : null;
    }

    /// <summary>Every job of every instance, oldest first (this instance's alone while the store cannot be read).</summary>
    public async Task<IReadOnlyList<VideoJobEntry>> AllAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        Sweep();
        var local = table.All();
        var stored = await TryStoreAsync(ct => records.LoadAsync(ct), cancellationToken);
        if (stored is null)
        {
            return [.. local.Select(EntryOf)];
        }

        HashSet<string> deleting;
        lock (_gate)
        {
            deleting = [.. _pendingDeletes];
            _storedCount = (stored.Count, time.GetUtcNow());
        }

        var byId = local.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<VideoJobEntry>(stored.Count + local.Count);
        foreach (var record in stored)
        {
            if (!seen.Add(record.Id))
            {
                continue;
            }

            if (byId.TryGetValue(record.Id, out var job))
            {
                entries.Add(EntryOf(job));
            }
            else if (!record.Deleted && !Expired(record) && !deleting.Contains(record.Id))
            {
                entries.Add(EntryOf(record));
            }
        }

        entries.AddRange(local.Where(j => !seen.Contains(j.Id)).Select(EntryOf));
        return [.. entries.OrderBy(e => e.View.CreatedAt)];
    }

    /// <summary>
    /// Deletes a job: one running here is stopped (its run then frees it); another instance's running job is marked
    /// deleted in the store, and that instance stops it. False when unknown.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        Sweep();
        if (table.Remove(id) is { } job)
        {
            job.Cancel();
            if (job.FinishedAt is not null)
            {
                job.Dispose();
            }

            await ForgetAsync(id, cancellationToken);
            return true;
        }

        var record = await TryStoreAsync(ct => records.FindAsync(id, ct), cancellationToken);
        if (record is not { Deleted: false } || Expired(record))
        {
            return false;
        }

        // Marked, not removed: the instance that ran it may still hold it in memory, and forgets it once it reads the mark.
        await MarkDeletedAsync(id, record, cancellationToken);

        // That instance reads the record just before each write, but a write of its own can still land
        // between its read and this mark: mark again after its next writes (at most one a second).
        _ = Task.Run(
            async () =>
            {
                foreach (var wait in RemarkDelays)
                {
                    await Task.Delay(wait, time, CancellationToken.None);
                    if (await TryStoreAsync(ct => records.FindAsync(id, ct), CancellationToken.None) is { Deleted: false } again)
                    {
                        await MarkDeletedAsync(id, again, CancellationToken.None);
                    }
                }
            },
            CancellationToken.None);
        return true;
    }

    private Task<bool> MarkDeletedAsync(string id, VideoJobRecord record, CancellationToken cancellationToken) =>
        TryStoreAsync(async ct =>
        {
            await records.UpsertAsync(record with { Id = id, Deleted = true }, ct);
            return true;
        }, cancellationToken);

    /// <summary>Forgets this instance's jobs that finished more than <c>video.job_retention</c> seconds ago.</summary>
    /// <returns>How many were removed.</returns>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var retention = Retention;
        var removed = 0;
        foreach (var job in table.All())
        {
            if (job.Expired(now, retention) && table.Remove(job.Id) is { } gone)
            {
                gone.Dispose();
                lock (_gate)
                {
                    _written.Remove(job.Id);
                    _pendingDeletes.Add(job.Id);
                }

                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Deletes from the store the records of every instance that expired (and orphans of dead instances, and deleted
    /// jobs nobody stopped, once <see cref="OrphanGrace"/> past the retention). Any instance may do it.
    /// </summary>
    /// <returns>How many records were deleted; 0 when the store cannot be reached.</returns>
    public async Task<int> SweepStoredAsync(CancellationToken cancellationToken)
    {
        Sweep();
        var stored = await TryStoreAsync(ct => records.LoadAsync(ct), cancellationToken);
        if (stored is null)
        {
            return 0;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var abandonedBefore = now - (long)(Retention + OrphanGrace).TotalSeconds;
        List<string> gone = [.. stored
            .Where(r => table.Find(r.Id) is null && (Expired(r) || (r.FinishedAt is null && r.CreatedAt <= abandonedBefore)))
            .Select(r => r.Id)];
        if (gone.Count == 0)
        {
            return 0;
        }

        var deleted = await TryStoreAsync(async ct =>
        {
            await records.DeleteAsync(gone, ct);
            return true;
        }, cancellationToken);
        return deleted ? gone.Count : 0;
    }

    /// <summary>
    /// Writes the jobs that changed since their last write, and the deletes not yet written. A store that cannot be
    /// reached keeps them for the next call (the latest state of each job, nothing more).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            List<string> deletes;
            lock (_gate)
            {
                deletes = [.. _pendingDeletes];
            }

            if (deletes.Count > 0)
            {
                if (!await TryStoreAsync(async ct =>
                {
                    await records.DeleteAsync(deletes, ct);
                    return true;
                }, cancellationToken))
                {
                    return;
                }

                lock (_gate)
                {
                    _pendingDeletes.ExceptWith(deletes.Where(id => table.Find(id) is null));
                }
            }

            foreach (var job in table.All())
            {
                int written;
                lock (_gate)
                {
                    written = _written.GetValueOrDefault(job.Id, -1);
                }

                if (job.Version != written && !await WriteAsync(job, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>
    /// Reads the records of the jobs held here (one by one up to <see cref="WatchBatch"/> jobs, else in one read of the
    /// store); a job another instance marked deleted is stopped and forgotten.
    /// </summary>
    /// <returns>How many jobs were stopped.</returns>
    public async Task<int> WatchDeletesAsync(CancellationToken cancellationToken)
    {
        var held = table.All();
        if (held.Count == 0)
        {
            return 0;
        }

        HashSet<string> deleted = new(StringComparer.Ordinal);
        if (held.Count > WatchBatch)
        {
            var stored = await TryStoreAsync(ct => records.LoadAsync(ct), cancellationToken);
            deleted.UnionWith((stored ?? []).Where(r => r.Deleted).Select(r => r.Id));
        }
        else
        {
            foreach (var job in held)
            {
                var record = await TryStoreAsync(ct => records.FindAsync(job.Id, ct), cancellationToken);
                if (_storeDown)
                {
                    return 0;
                }

                if (record is { Deleted: true })
                {
                    deleted.Add(job.Id);
                }
            }
        }

        var stopped = 0;
        foreach (var id in deleted)
        {
            if (table.Remove(id) is { } gone)
            {
                Log.DeletedElsewhere(logger, gone.Id);
                gone.Cancel();
                if (gone.FinishedAt is not null)
                {
                    gone.Dispose();
                }

                await ForgetAsync(gone.Id, cancellationToken);
                stopped++;
            }
        }

        return stopped;
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (_shared)
        {
            return;
        }

        Task recovered;
        lock (_gate)
        {
            recovered = _recovered ??= Task.Run(RecoverOnceAsync, CancellationToken.None);
        }

        await recovered.WaitAsync(cancellationToken);
    }

    /// <summary>One instance alone on its store: jobs that were running when it last stopped are failed, as a restart would leave them.</summary>
    private async Task RecoverOnceAsync()
    {
        var stored = await TryStoreAsync(ct => records.LoadAsync(ct), CancellationToken.None);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var record in stored ?? [])
        {
            if (record.FinishedAt is null && table.Find(record.Id) is null)
            {
                var failed = record.Deleted
                    ? null
                    : record with { Status = "failed", FinishedAt = now, ErrorCode = "internal_error", ErrorMessage = "The service restarted while the job ran." };
                await TryStoreAsync(async ct =>
                {
                    if (failed is null)
                    {
                        await records.DeleteAsync([record.Id], ct);
                    }
                    else
                    {
                        await records.UpsertAsync(failed, ct);
                    }

                    return true;
                }, CancellationToken.None);
            }
        }
    }

    private async Task<int> StoredCountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_storedCount is { } counted && time.GetUtcNow() - counted.At < CountCacheAge)
            {
                return counted.Count;
            }
        }

        var stored = await TryStoreAsync(ct => records.LoadAsync(ct), cancellationToken);
        if (stored is null)
        {
            return 0;
        }

        var count = stored.Count(r => !Expired(r));
        lock (_gate)
        {
            _storedCount = (count, time.GetUtcNow());
        }

        return count;
    }

    /// <summary>Writes the job's current state; false (kept for the next flush) when the store cannot be reached.</summary>
    private async Task<bool> WriteAsync(VideoJob job, CancellationToken cancellationToken)
    {
        var (record, version) = job.ToRecord();
        var written = await TryStoreAsync(async ct =>
        {
            // A delete made on another instance is a mark on the stored record: never write over it.
            // The deletion watch then stops the job here.
            if (await records.FindAsync(record.Id, ct) is { Deleted: true })
            {
                return true;
            }

            await records.UpsertAsync(record, ct);
            return true;
        }, cancellationToken);
        if (written)
        {
            lock (_gate)
            {
                if (table.Find(job.Id) is not null)
                {
                    _written[job.Id] = Math.Max(version, _written.GetValueOrDefault(job.Id, -1));
                }
            }
        }

        return written;
    }

    /// <summary>Deletes the job's record now, or at the next flush when the store cannot be reached.</summary>
    private async Task ForgetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _written.Remove(id);
            _pendingDeletes.Add(id);
        }

        if (await TryStoreAsync(async ct =>
        {
            await records.DeleteAsync([id], ct);
            return true;
        }, cancellationToken))
        {
            lock (_gate)
            {
                _pendingDeletes.Remove(id);
            }
        }
    }

    /// <summary>A store call, bounded; a store that cannot be reached gives the default (logged once per outage).</summary>
    private async Task<T?> TryStoreAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(StoreCallTimeout);
        try
        {
            var result = await call(bounded.Token);
            if (_storeDown)
            {
                _storeDown = false;
                Log.StoreBack(logger);
            }

            return result;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (!_storeDown)
            {
                _storeDown = true;
                Log.StoreDown(logger, ex.Message);
            }

            return default;
        }
    }

    private bool Expired(VideoJobRecord record) =>
        record.FinishedAt is { } finished && finished + (long)Retention.TotalSeconds <= time.GetUtcNow().ToUnixTimeSeconds();

    private VideoJobEntry EntryOf(VideoJob job) => new(job.View(Retention), job.VideoUrl, job.PosterUrl, true);

    private VideoJobEntry EntryOf(VideoJobRecord record)
    {
        var status = record.Status switch
        {
            "queued" => VideoJobStatus.Queued,
            "in_progress" => VideoJobStatus.InProgress,
            "completed" => VideoJobStatus.Completed,
            _ => VideoJobStatus.Failed,
        };
        var error = status == VideoJobStatus.Failed
            ? new OpenAiError(record.ErrorMessage ?? "The job failed.", OpenAiErrorTypes.Server, null, record.ErrorCode ?? "video_generation_failed")
            : null;
        var view = new VideoJobView(
            record.Id, record.Model, record.Prompt, record.Seconds, record.Size, status, record.Progress, record.CreatedAt,
            record.FinishedAt, record.FinishedAt + (long)Retention.TotalSeconds, error);
        var completed = status == VideoJobStatus.Completed;
        return new VideoJobEntry(view, completed ? record.VideoUrl : null, completed ? record.PosterUrl : null, false);
    }

    private async Task RunAsync(VideoJob job, VideoCall call, HttpContext context)
    {
        var model = job.Request.Model;
        try
        {
            // A queued job waits at most its own retention period for a slot.
            using var slot = await videos.Slots.AcquireAsync(Retention, time, job.Cancellation);
            if (slot is null)
            {
                job.Fail(new OpenAiError("The job waited longer than video.job_retention for a free slot (video.concurrent).", OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"), time.GetUtcNow());
                return;
            }

            job.Started();
            var outcome = await pipeline.RunAsync(context, videos.Plan(model, call, new VideoJobSurface(job, time)));
            if (outcome.Status == PipelineStatus.Succeeded && job.Complete(time.GetUtcNow()))
            {
                Log.JobCompleted(logger, job.Id, outcome.TokenId ?? "", outcome.Attempts);
                return;
            }

            var error = outcome.Failure is { } failure
                ? OpenAiFailure.From(failure, model.Id).Error
                : new OpenAiError("The job was cancelled.", OpenAiErrorTypes.InvalidRequest, null, "cancelled");
            job.Fail(error, time.GetUtcNow());
            Log.JobFailed(logger, job.Id, error.Code ?? "", outcome.Attempts);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            job.Fail(new OpenAiError("The job was cancelled.", OpenAiErrorTypes.InvalidRequest, null, "cancelled"), time.GetUtcNow());
        }
#pragma warning disable CA1031 // A background job records any failure instead of losing it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.JobCrashed(logger, ex, job.Id);
            job.Fail(new OpenAiError("The gateway failed while running the job.", OpenAiErrorTypes.Server, null, "internal_error"), time.GetUtcNow());
        }
        finally
        {
            // A job deleted while it ran is freed here (one deleted after it finished is freed by Delete);
            // the end of one still kept is written at once, not at the next flush.
            if (table.Find(job.Id) is null)
            {
                job.Dispose();
            }
            else
            {
                await WriteAsync(job, CancellationToken.None);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.VideoJobCompleted, Level = LogLevel.Information, Message = "Video job {JobId} completed on token {TokenId} after {Attempts} attempt(s)")]
        public static partial void JobCompleted(ILogger logger, string jobId, string tokenId, int attempts);

        [LoggerMessage(EventId = EventIds.VideoJobFailed, Level = LogLevel.Warning, Message = "Video job {JobId} failed ({Code}) after {Attempts} attempt(s)")]
        public static partial void JobFailed(ILogger logger, string jobId, string code, int attempts);

        [LoggerMessage(EventId = EventIds.VideoJobCrashed, Level = LogLevel.Error, Message = "Video job {JobId} failed with an unexpected error")]
        public static partial void JobCrashed(ILogger logger, Exception exception, string jobId);

        [LoggerMessage(EventId = EventIds.VideoJobDeletedElsewhere, Level = LogLevel.Information, Message = "Video job {JobId} was deleted on another instance: stopped")]
        public static partial void DeletedElsewhere(ILogger logger, string jobId);

        [LoggerMessage(EventId = EventIds.VideoJobStoreDown, Level = LogLevel.Warning, Message = "The video job store cannot be reached; jobs run on and their latest state is written when it is back: {Problem}")]
        public static partial void StoreDown(ILogger logger, string problem);

        [LoggerMessage(EventId = EventIds.VideoJobStoreBack, Level = LogLevel.Information, Message = "The video job store answers again")]
        public static partial void StoreBack(ILogger logger);
    }
}
