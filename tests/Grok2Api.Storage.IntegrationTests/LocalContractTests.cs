using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// The contract against local files (<c>DATA_DIR</c>). One instance owns a data directory, so the
/// shared-store part (<see cref="SharedStorageBackendContract"/>: notices to other instances, leases
/// between instances, the seeded marker, outage and recovery) does not apply: there is no server to
/// stop and no other instance to tell; a disk failure is an IOException of the write itself.
/// </summary>
public sealed class LocalContractTests : StorageBackendContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => Task.FromResult(_directory.Path);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new LocalStorageBackend(new StorageSettings(store, StorageKind.Local, ""), instance, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task Local_has_no_change_feed_and_describes_its_directory()
    {
        var backend = await OpenAsync();
        Assert.Null(backend.TokenChanges);
        Assert.Equal("local", backend.Kind);
        Assert.Equal(Path.GetFullPath(_directory.Path), backend.Describe);
    }

    [Fact]
    public async Task Stored_responses_are_one_file_each_readable_only_by_the_owner()
    {
        var backend = await OpenAsync();
        var response = NewResponse();
        await backend.Responses.PutAsync(response, Ct);
        await backend.Responses.PutAsync(response with { Response = "{}"u8.ToArray() }, Ct);

        var directory = Path.Combine(_directory.Path, "responses");
        var file = Path.Combine(directory, response.Id + ".json");
        Assert.Equal([file], Directory.GetFiles(directory));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        }

        Assert.True(await backend.Responses.DeleteAsync(response.Id, ResponseBase, Ct));
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public async Task A_response_file_that_does_not_parse_reads_as_absent_and_the_purge_removes_it_without_counting_it()
    {
        var backend = await OpenAsync();
        var kept = NewResponse();
        await backend.Responses.PutAsync(kept, Ct);
        var directory = Path.Combine(_directory.Path, "responses");
        var broken = NewResponseId();
        await File.WriteAllTextAsync(Path.Combine(directory, broken + ".json"), "{not json", Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "kept", Ct);
        await File.WriteAllTextAsync(Path.Combine(directory, $".{kept.Id}.json.1.abc.tmp"), "left by a kill", Ct);

        Assert.Null(await backend.Responses.FindAsync(broken, ResponseBase, Ct));
        Assert.Equal(0, await backend.Responses.PurgeExpiredAsync(ResponseBase, Ct));
        Assert.Equal(
            new[] { kept.Id + ".json", "notes.txt" }.Order(StringComparer.Ordinal),
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertResponse(kept, await backend.Responses.FindAsync(kept.Id, ResponseBase, Ct));
    }

    [Fact]
    public async Task A_response_id_never_leaves_the_responses_directory()
    {
        var backend = await OpenAsync();
        var outside = Path.Combine(_directory.Path, "resp_x.json");
        await File.WriteAllTextAsync(outside, "{}", Ct);

        Assert.Null(await backend.Responses.FindAsync("../resp_x", ResponseBase, Ct));
        Assert.False(await backend.Responses.DeleteAsync("../resp_x", ResponseBase, Ct));
        Assert.False(await backend.Responses.DeleteAsync("resp_../../resp_x", ResponseBase, Ct));
        Assert.True(File.Exists(outside));
    }

    protected override ValueTask DisposeStoreAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
