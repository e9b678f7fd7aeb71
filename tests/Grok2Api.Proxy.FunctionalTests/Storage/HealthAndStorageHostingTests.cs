using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Hosting;
using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.FunctionalTests.Storage;

/// <summary>How the host wires the storage backend, as <c>/health</c> and the services show it.</summary>
public sealed class HealthAndStorageHostingTests
{
    [Fact]
    public async Task Health_NamesTheInstance_AndTheStoreState()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using var response = await gateway.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(gateway.Services.GetRequiredService<StoreInstance>().Id, body.GetProperty("instance").GetString());
        Assert.Matches("^[A-Za-z0-9._-]+-[0-9a-f]{8}$", body.GetProperty("instance").GetString());
        var store = body.GetProperty("store");
        Assert.Equal("local", store.GetProperty("type").GetString());
        Assert.Equal("ok", store.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, store.GetProperty("unavailable_since").ValueKind);
        Assert.Equal(JsonValueKind.Null, store.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Health_ShowsAnOutage_WithItsStartAndError_AndStillAnswers200()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        gateway.Services.GetRequiredService<StoreHealth>().ReportFailure("local: disk full");

        using var response = await gateway.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("store");
        Assert.Equal("unavailable", store.GetProperty("state").GetString());
        Assert.InRange(store.GetProperty("unavailable_since").GetInt64(), before, before + 60);
        Assert.Equal("local: disk full", store.GetProperty("error").GetString());
    }

    [Fact]
    public async Task LocalStorage_RegistersEveryStoreOfTheBackend_WithoutAChangeFeed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var services = gateway.Services;

        var backend = Assert.IsType<LocalStorageBackend>(services.GetRequiredService<IStorageBackend>());
        Assert.Same(backend.Tokens, services.GetRequiredService<ITokenStore>());
        Assert.Same(backend.Tasks, services.GetRequiredService<IBatchTaskStore>());
        Assert.Same(backend.VideoJobs, services.GetRequiredService<IVideoJobRecordStore>());
        Assert.Same(backend.Leases, services.GetRequiredService<IStoreLeases>());
        Assert.Same(backend.Health, services.GetRequiredService<StoreHealth>());
        Assert.Empty(services.GetServices<ITokenChangeFeed>());
        Assert.NotNull(services.GetRequiredService<DataDirectoryLock>());
        Assert.Equal(TimeSpan.FromSeconds(60), services.GetRequiredService<IOptions<StoreLeaseOptions>>().Value.Ttl);
    }

    [Fact]
    public async Task LeaseSeconds_IsReadFromTheHostConfiguration()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, "--Storage:LeaseSeconds=9");

        Assert.Equal(TimeSpan.FromSeconds(9), gateway.Services.GetRequiredService<IOptions<StoreLeaseOptions>>().Value.Ttl);
    }

    [Fact]
    public async Task ALeaseBelowThreeSeconds_StopsTheStart_AndLeavesDataDirFree()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();

        var error = await Assert.ThrowsAsync<StartupException>(() => GatewayHost.StartAsync(data.Path, ct, "--Storage:LeaseSeconds=2"));
        Assert.Contains("Storage__LeaseSeconds", error.Message, StringComparison.Ordinal);

        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
    }

    [Fact]
    public async Task AStoppedGateway_HasClosedItsStore_AfterFlushingTokenChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        await admin.AddAsync("ssoBasic", ["eyJhbGciOiJIUzI1NiJ9.flushed-on-stop-0001"], ct);
        await gateway.DisposeAsync();

        await using var backend = new LocalStorageBackend(new StorageSettings(data.Path, StorageKind.Local, ""), new StoreInstance("check"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.Contains(await backend.Tokens.LoadAsync(ct), t => t.Token.Token == "eyJhbGciOiJIUzI1NiJ9.flushed-on-stop-0001");

        // The DATA_DIR lock was released too.
        using var again = DataDirectoryLock.Acquire(data.Path);
    }
}
