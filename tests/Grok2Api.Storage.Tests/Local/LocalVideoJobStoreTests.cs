using Grok2Api.Storage.Local;
using Grok2Api.Storage.Videos;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Local;

public sealed class LocalVideoJobStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoadAsync_NoFile_IsEmpty_AndFindAsyncIsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();

        Assert.Empty(await store.LoadAsync(ct));
        Assert.Null(await store.FindAsync("video_1", ct));
        Assert.False(File.Exists(_directory.File(LocalVideoJobStore.FileName)));
    }

    [Fact]
    public async Task UpsertAsync_RoundTripsEveryField_InSnakeCase_AcrossInstances()
    {
        var ct = TestContext.Current.CancellationToken;
        var job = new VideoJobRecord
        {
            Id = "video_abc", Model = "grok-imagine-1.0-video", Prompt = "a cat, ü 🐱", Seconds = "6", Size = "720x1280",
            Status = "failed", Progress = 40, CreatedAt = 1_750_000_000, FinishedAt = 1_750_000_060,
            ErrorCode = "upstream_error", ErrorMessage = "blocked", VideoUrl = "http://h/v/files/video/a.mp4",
            PosterUrl = "http://h/v/files/image/a.jpg", Deleted = true,
        };
        using (var writer = NewStore())
        {
            await writer.UpsertAsync(job, ct);
        }

        var text = await File.ReadAllTextAsync(_directory.File(LocalVideoJobStore.FileName), ct);
        Assert.Contains("\"created_at\"", text, StringComparison.Ordinal);
        Assert.Contains("\"error_message\"", text, StringComparison.Ordinal);

        using var reader = NewStore();
        Assert.Equal(job, Assert.Single(await reader.LoadAsync(ct)));
        Assert.Equal(job, await reader.FindAsync("video_abc", ct));
    }

    [Fact]
    public async Task UpsertAsync_ReplacesById_KeepsOthers_AndLoadsOldestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.UpsertAsync(Job("video_b", 200), ct);
        await store.UpsertAsync(Job("video_a", 100), ct);
        await store.UpsertAsync(Job("video_c", 300), ct);
        await store.UpsertAsync(Job("video_b", 200) with { Status = "completed", Progress = 100 }, ct);

        var jobs = await store.LoadAsync(ct);

        Assert.Equal(["video_a", "video_b", "video_c"], jobs.Select(j => j.Id));
        Assert.Equal("completed", jobs[1].Status);
        Assert.Equal(100, jobs[1].Progress);
        Assert.Equal(["video_jobs.json"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DeleteAsync_RemovesOnlyThoseIds_AndIgnoresUnknownOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();
        await store.UpsertAsync(Job("video_a", 1), ct);
        await store.UpsertAsync(Job("video_b", 2), ct);
        await store.UpsertAsync(Job("video_c", 3), ct);

        await store.DeleteAsync(["video_a", "video_c", "video_unknown"], ct);

        Assert.Equal("video_b", Assert.Single(await store.LoadAsync(ct)).Id);
        Assert.Null(await store.FindAsync("video_a", ct));
    }

    [Fact]
    public async Task ConcurrentUpserts_OfDifferentJobs_AreAllKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = NewStore();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.UpsertAsync(Job($"video_{i:D2}", i), ct)));

        Assert.Equal(40, (await store.LoadAsync(ct)).Count);
    }

    [Theory]
    [InlineData("{broken")]
    [InlineData("null")]
    public async Task UnreadableFile_LoadsEmpty_AndTheNextWriteReplacesIt(string content)
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_directory.File(LocalVideoJobStore.FileName), content, ct);
        using var store = NewStore();

        Assert.Empty(await store.LoadAsync(ct));
        await store.UpsertAsync(Job("video_a", 1), ct);

        using var reader = NewStore();
        Assert.Equal("video_a", Assert.Single(await reader.LoadAsync(ct)).Id);
    }

    private static VideoJobRecord Job(string id, long createdAt) =>
        new() { Id = id, Model = "grok-imagine-1.0-video", Status = "queued", CreatedAt = createdAt };

    private LocalVideoJobStore NewStore() => new(_directory.Path, NullLogger.Instance);
}
