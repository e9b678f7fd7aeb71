using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// Runs the jobs of the Videos API in the background (docs/adr/0007): each job waits for a
/// <c>video.concurrent</c> slot (shared with video through chat), then runs the
/// <see cref="GrokVideoExchange"/> through the <see cref="UpstreamPipeline"/> on a detached request
/// context, so the client that created it may leave. Finished jobs are kept for
/// <c>video.job_retention</c> seconds, then forgotten. Thread-safe.
/// </summary>
internal sealed partial class VideoJobs(
    IVideoJobStore store,
    GrokVideos videos,
    UpstreamPipeline pipeline,
    IOptionsMonitor<AppSection> appSettings,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<VideoJobs> logger)
{
    /// <summary>Most jobs held at once (running and kept); a create beyond it is refused with 429.</summary>
    public const int MaxJobs = 10_000;

    /// <summary>How long a finished job is kept.</summary>
    public TimeSpan Retention => TimeSpan.FromSeconds(videos.Settings.JobRetention);

    /// <summary>Creates a job and starts it in the background; null when <see cref="MaxJobs"/> are held.</summary>
    /// <param name="request">The checked request.</param>
    /// <param name="image">The reference image, or null.</param>
    /// <param name="origin">The creating request: its scheme and host stand in for an empty <c>app.app_url</c> in links.</param>
    public VideoJob? Start(VideoCreateRequest request, LoadedAttachment? image, HttpRequest origin)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(origin);
        Sweep();
        if (store.Count >= MaxJobs)
        {
            return null;
        }

        var id = "video_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var job = new VideoJob(id, request, time.GetUtcNow(), lifetime.ApplicationStopping);
        store.Add(job);

        var context = new DefaultHttpContext();
        context.Request.Scheme = origin.Scheme;
        context.Request.Host = origin.Host;
        context.Request.PathBase = origin.PathBase;
        context.RequestAborted = job.Cancellation;
        var app = appSettings.CurrentValue;
        var call = new VideoCall(request.Prompt, image, request.Settings, ShowProgress: true, app.Temporary, app.DisableMemory);
        _ = Task.Run(() => RunAsync(job, call, context), CancellationToken.None);
        return job;
    }

    /// <summary>The job with <paramref name="id"/>, unless unknown or expired.</summary>
    public VideoJob? Find(string id)
    {
        Sweep();
        return store.Find(id);
    }

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<VideoJob> All()
    {
        Sweep();
        return store.All();
    }

    /// <summary>Deletes a job, stopping it if it runs (its run then frees it); null when unknown.</summary>
    public VideoJob? Delete(string id)
    {
        Sweep();
        var job = store.Remove(id);
        job?.Cancel();
        if (job?.FinishedAt is not null)
        {
            job.Dispose();
        }

        return job;
    }

    /// <summary>Forgets the jobs that finished more than <c>video.job_retention</c> seconds ago.</summary>
    /// <returns>How many were removed.</returns>
    public int Sweep()
    {
        var now = time.GetUtcNow();
        var retention = Retention;
        var removed = 0;
        foreach (var job in store.All())
        {
            if (job.Expired(now, retention) && store.Remove(job.Id) is { } gone)
            {
                gone.Dispose();
                removed++;
            }
        }

        return removed;
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
            // A job deleted while it ran is freed here (one deleted after it finished is freed by Delete).
            if (store.Find(job.Id) is null)
            {
                job.Dispose();
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
    }
}
