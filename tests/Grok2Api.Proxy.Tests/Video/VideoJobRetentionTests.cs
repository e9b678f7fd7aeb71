using Grok2Api.Configuration;
using Grok2Api.Proxy.Video;
using Grok2Api.Tests.Common;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Videos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Video;

/// <summary>Finished jobs of the Videos API are kept for video.job_retention seconds (read live), then forgotten; running jobs never are.</summary>
public sealed class VideoJobRetentionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly VideoJobTable _table = new();
    private readonly InMemoryVideoJobRecordStore _records = new();
    private readonly TestOptionsMonitor<VideoSection> _video = new(new VideoSection { JobRetention = 600 });

    [Fact]
    public async Task FinishedJobs_AreKeptForTheRetention_ThenForgotten_RunningOnesStay()
    {
        var jobs = Jobs();
        var completed = Add("video_done");
        Assert.True(completed.Complete(_time.GetUtcNow()));
        var failed = Add("video_failed");
        failed.Fail(new OpenAiError("no", OpenAiErrorTypes.Server, null, "upstream_error"), _time.GetUtcNow());
        Add("video_running").Started();

        _time.Advance(TimeSpan.FromSeconds(599));
        Assert.NotNull(await jobs.FindAsync("video_done", CancellationToken.None));
        Assert.Equal(3, (await jobs.AllAsync(CancellationToken.None)).Count);
        Assert.Equal(_time.GetUtcNow().AddSeconds(1).ToUnixTimeSeconds(), completed.View(jobs.Retention).ExpiresAt);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await jobs.FindAsync("video_done", CancellationToken.None));
        Assert.Null(await jobs.FindAsync("video_failed", CancellationToken.None));
        Assert.Equal(["video_running"], (await jobs.AllAsync(CancellationToken.None)).Select(j => j.View.Id));

        _time.Advance(TimeSpan.FromDays(2));
        Assert.NotNull(await jobs.FindAsync("video_running", CancellationToken.None));
    }

    [Fact]
    public async Task ARetentionChange_AppliesToJobsAlreadyFinished()
    {
        var jobs = Jobs();
        Assert.True(Add("video_a").Complete(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.NotNull(await jobs.FindAsync("video_a", CancellationToken.None));

        _video.Update(v => v with { JobRetention = 50 });

        Assert.Equal(1, jobs.Sweep());
        Assert.Null(await jobs.FindAsync("video_a", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_CancelsARunningJob()
    {
        var jobs = Jobs();
        var job = Add("video_x");

        Assert.True(await jobs.DeleteAsync("video_x", CancellationToken.None));
        Assert.True(job.Cancellation.IsCancellationRequested);
        Assert.Null(await jobs.FindAsync("video_x", CancellationToken.None));
        Assert.False(await jobs.DeleteAsync("video_x", CancellationToken.None));
    }

    private VideoJob Add(string id)
    {
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p" }, out var request, out _, out _));
        var job = new VideoJob(id, request, _time.GetUtcNow(), CancellationToken.None);
        job.Result("http://h/v1/files/video/a.mp4", null);
        _table.Add(job);
        return job;
    }

    // Only the parts the retention uses are real: the exchange, pipeline and upstream are never reached.
    private VideoJobs Jobs() => new(
        _table,
        _records,
        new GrokVideos(null!, new TestOptionsMonitor<UpstreamSection>(new UpstreamSection()), _video, NullLogger<GrokVideoExchange>.Instance),
        null!,
        new TestOptionsMonitor<AppSection>(new AppSection()),
        new Lifetime(),
        _time,
        NullLogger<VideoJobs>.Instance);

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
