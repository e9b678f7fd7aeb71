using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tasks;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Tasks;

public sealed class LocalBatchTaskStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task LoadAsync_NoFile_IsEmpty()
    {
        using var store = CreateStore();

        Assert.Empty(await store.LoadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveThenLoad_RoundTripsEveryField_InSnakeCase()
    {
        var ct = TestContext.Current.CancellationToken;
        BatchTaskRecord[] tasks =
        [
            new()
            {
                Id = "00aa", Kind = "assets_load", Status = "done", Total = 3, Processed = 3, Ok = 2, Fail = 1,
                Errors = [new BatchTaskItemError("0123456789abcdef", "abc…xyz", "403 permission denied: ü")],
                Assets = [new BatchTaskAssetCount("fedcba9876543210", "def…uvw", 120)],
                CreatedAt = 1_700_000_000_000, EndedAt = 1_700_000_001_000,
            },
            new() { Id = "00bb", Kind = "refresh", Status = "running", Total = 10, Processed = 4, Ok = 4, CreatedAt = 1_700_000_002_000, Reason = null },
        ];
        using (var store = CreateStore())
        {
            await store.UpsertAsync(tasks, ct);
        }

        var text = await File.ReadAllTextAsync(_directory.File("tasks.json"), ct);
        Assert.Contains("\"token_masked\"", text, StringComparison.Ordinal);
        Assert.Contains("\"created_at\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);

        using var reader = CreateStore();
        var loaded = await reader.LoadAsync(ct);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(tasks[0] with { Errors = [], Assets = [] }, loaded[0] with { Errors = [], Assets = [] });
        Assert.Equal(tasks[0].Errors, loaded[0].Errors);
        Assert.Equal(tasks[0].Assets, loaded[0].Assets);
        Assert.Equal(tasks[1] with { Errors = [], Assets = [] }, loaded[1] with { Errors = [], Assets = [] });
        Assert.Null(loaded[1].EndedAt);
    }

    [Fact]
    public async Task UpsertAsync_ReplacesById_DeleteAsyncRemoves_AndLeavesNoTemporaryFile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var store = CreateStore();
        await store.UpsertAsync([new BatchTaskRecord { Id = "1", Kind = "nsfw", Status = "done" }, new BatchTaskRecord { Id = "2", Kind = "nsfw", Status = "running" }], ct);
        await store.UpsertAsync([new BatchTaskRecord { Id = "2", Kind = "nsfw", Status = "failed", Reason = "the service restarted" }], ct);
        Assert.Equal(2, (await store.LoadAsync(ct)).Count);
        await store.DeleteAsync(["1", "unknown"], ct);

        var loaded = Assert.Single(await store.LoadAsync(ct));
        Assert.Equal("2", loaded.Id);
        Assert.Equal("the service restarted", loaded.Reason);
        Assert.Equal(["tasks.json"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task LoadAsync_UnreadableFile_IsEmpty_AndTheNextSaveReplacesIt(string content)
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_directory.File("tasks.json"), content, ct);
        using var store = CreateStore();

        Assert.Empty(await store.LoadAsync(ct));
        await store.UpsertAsync([new BatchTaskRecord { Id = "3", Kind = "refresh", Status = "done" }], ct);
        Assert.Equal("3", Assert.Single(await store.LoadAsync(ct)).Id);
    }

    [Fact]
    public async Task LoadAsync_DropsEntriesWithoutAnId()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_directory.File("tasks.json"), """{"version":1,"tasks":[{"id":"","kind":"refresh","status":"done"},{"id":"ok","kind":"refresh","status":"done"}]}""", ct);
        using var store = CreateStore();

        Assert.Equal("ok", Assert.Single(await store.LoadAsync(ct)).Id);
    }

    public void Dispose() => _directory.Dispose();

    private LocalBatchTaskStore CreateStore() =>
        new(new StorageSettings(_directory.Path, StorageKind.Local, ""), NullLogger<LocalBatchTaskStore>.Instance);
}
