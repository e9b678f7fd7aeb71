using Grok2Api.Proxy.Responses;
using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Responses;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Proxy.Tests.Responses;

/// <summary>The hourly purge of stored responses past their retention, on the real local store.</summary>
public sealed class ResponseStorePurgerTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("g2a-purge-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static StoredResponse Record(string id, long expiresAt) => new()
    {
        Id = id,
        CreatedAt = 1,
        ExpiresAt = expiresAt,
        Response = "{\"id\":\"x\"}"u8.ToArray(),
        Context = "{}"u8.ToArray(),
    };

    [Fact]
    public async Task PurgeOnce_RemovesOnlyExpiredRecords_AndTheirFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = new LocalStorageBackend(new StorageSettings(_data, StorageKind.Local, ""), new StoreInstance("a"), TimeProvider.System, NullLoggerFactory.Instance);
        await backend.OpenAsync(ct);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        const string Expired = "resp_00000000000000000000000000000001";
        const string Live = "resp_00000000000000000000000000000002";
        await backend.Responses.PutAsync(Record(Expired, now - 10), ct);
        await backend.Responses.PutAsync(Record(Live, now + 3600), ct);
        var purger = new ResponseStorePurger(backend.Responses, [backend.Leases], TimeProvider.System, NullLogger<ResponseStorePurger>.Instance);

        Assert.Equal(1, await purger.PurgeOnceAsync(ct));

        var files = Directory.GetFiles(Path.Combine(_data, "responses")).Select(Path.GetFileName).ToList();
        Assert.Equal([Live + ".json"], files);
        Assert.NotNull(await backend.Responses.FindAsync(Live, now, ct));
        Assert.Equal(0, await purger.PurgeOnceAsync(ct));
    }

    [Fact]
    public async Task PurgeOnce_AnotherInstanceHoldsTheHour_NothingIsRemovedHere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var backend = new LocalStorageBackend(new StorageSettings(_data, StorageKind.Local, ""), new StoreInstance("a"), TimeProvider.System, NullLoggerFactory.Instance);
        await backend.OpenAsync(ct);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        await backend.Responses.PutAsync(Record("resp_00000000000000000000000000000003", now - 10), ct);
        var purger = new ResponseStorePurger(backend.Responses, [new TakenLeases()], TimeProvider.System, NullLogger<ResponseStorePurger>.Instance);

        Assert.Equal(-1, await purger.PurgeOnceAsync(ct));
        Assert.Single(Directory.GetFiles(Path.Combine(_data, "responses")));
    }

    // A shared store's leases where another instance holds every lease.
    private sealed class TakenLeases : IStoreLeases
    {
        public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task ReleaseAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
