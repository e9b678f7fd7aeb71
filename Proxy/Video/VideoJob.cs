using Grok2Api.Storage.Videos;
using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// One job of the Videos API: what was asked, where it is, and, once completed, the cached video's
/// URL. Updated by its background run, read by the API; thread-safe.
/// </summary>
internal sealed class VideoJob : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation;
    private VideoJobStatus _status = VideoJobStatus.Queued;
    private int _progress;
    private DateTimeOffset? _finishedAt;
    private OpenAiError? _error;
    private string? _videoUrl;
    private string? _posterUrl;
    private int _version;

    public VideoJob(string id, VideoCreateRequest request, DateTimeOffset createdAt, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(request);
        Id = id;
        Request = request;
        CreatedAt = createdAt;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>The job id (<c>video_…</c>).</summary>
    public string Id { get; }

    /// <summary>What was asked.</summary>
    public VideoCreateRequest Request { get; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Fires when the job is deleted or the service stops; never when the creating client leaves.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>When it completed or failed; null while it runs.</summary>
    public DateTimeOffset? FinishedAt
    {
        get
        {
            lock (_lock)
            {
                return _finishedAt;
            }
        }
    }

    /// <summary>The public URL of the cached video, once completed.</summary>
    public string? VideoUrl
    {
        get
        {
            lock (_lock)
            {
                return _status == VideoJobStatus.Completed ? _videoUrl : null;
            }
        }
    }

    /// <summary>The public URL of the cached thumbnail, once completed (when the upstream gave one).</summary>
    public string? PosterUrl
    {
        get
        {
            lock (_lock)
            {
                return _status == VideoJobStatus.Completed ? _posterUrl : null;
            }
        }
    }

    /// <summary>Grows with every change of what the job shows (its writes to the store compare it).</summary>
    public int Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>The job as the store keeps it, with its <see cref="Version"/> at that moment.</summary>
    public (VideoJobRecord Record, int Version) ToRecord()
    {
        lock (_lock)
        {
            var completed = _status == VideoJobStatus.Completed;
            return (new VideoJobRecord
            {
                Id = Id,
                Model = Request.Model.Id,
                Prompt = Request.Prompt,
                Seconds = Request.Seconds,
                Size = Request.Size,
                Status = VideoJsonWriter.StatusText(_status),
                Progress = _progress,
                CreatedAt = CreatedAt.ToUnixTimeSeconds(),
                FinishedAt = _finishedAt?.ToUnixTimeSeconds(),
                ErrorCode = _error is null ? null : _error.Code ?? "video_generation_failed",
                ErrorMessage = _error?.Message,
                VideoUrl = completed ? _videoUrl : null,
                PosterUrl = completed ? _posterUrl : null,
            }, _version);
        }
    }

    /// <summary>A slot was taken: the generation starts.</summary>
    public void Started()
    {
        lock (_lock)
        {
            if (_status == VideoJobStatus.Queued)
            {
                _status = VideoJobStatus.InProgress;
                _version++;
            }
        }
    }

    /// <summary>Progress reported by the upstream (an attempt on another account may start again from 0).</summary>
    public void Progress(int percent)
    {
        lock (_lock)
        {
            if (_finishedAt is null && _progress != Math.Clamp(percent, 0, 99))
            {
                _progress = Math.Clamp(percent, 0, 99);
                _version++;
            }
        }
    }

    /// <summary>The attempt's video (kept until the pipeline says the attempt succeeded).</summary>
    public void Result(string videoUrl, string? posterUrl)
    {
        lock (_lock)
        {
            _videoUrl = videoUrl;
            _posterUrl = posterUrl;
            _version++;
        }
    }

    /// <summary>Completed: the video can be downloaded. False when there is no video (or the job already ended).</summary>
    public bool Complete(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_finishedAt is not null || _videoUrl is null)
            {
                return false;
            }

            _status = VideoJobStatus.Completed;
            _progress = 100;
            _finishedAt = now;
            _version++;
            return true;
        }
    }

    /// <summary>Failed with <paramref name="error"/> (ignored once the job ended).</summary>
    public void Fail(OpenAiError error, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_finishedAt is not null)
            {
                return;
            }

            _status = VideoJobStatus.Failed;
            _error = error;
            _finishedAt = now;
            _version++;
        }
    }

    /// <summary>Stops the generation (the job was deleted).</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Whether the job finished longer ago than <paramref name="retention"/>.</summary>
    public bool Expired(DateTimeOffset now, TimeSpan retention) => FinishedAt is { } finished && finished + retention <= now;

    /// <summary>The job as the OpenAI video object shows it.</summary>
    /// <param name="retention">How long a finished job is kept (<c>expires_at</c>).</param>
    public VideoJobView View(TimeSpan retention)
    {
        lock (_lock)
        {
            return new VideoJobView(
                Id,
                Request.Model.Id,
                Request.Prompt,
                Request.Seconds,
                Request.Size,
                _status,
                _progress,
                CreatedAt.ToUnixTimeSeconds(),
                _finishedAt?.ToUnixTimeSeconds(),
                _finishedAt is { } finished ? (finished + retention).ToUnixTimeSeconds() : null,
                _error);
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
