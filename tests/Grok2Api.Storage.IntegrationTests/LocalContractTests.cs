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

    protected override ValueTask DisposeStoreAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
