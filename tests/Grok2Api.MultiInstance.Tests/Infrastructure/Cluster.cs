using System.Text.Json.Nodes;
using Grok2Api.Simulator;
using Grok2Api.Tests.Common;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// One test's world: the simulator (in-process, quota that never runs out), one store server, and
/// gateway instances on it, each with its own DATA_DIR holding the same config.toml (upstream URLs
/// at the simulator, the app key and the API key). Disposing kills what still runs and removes the
/// directories.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string BasicPool = "ssoBasic";
    private readonly List<ProxyInstance> _instances = [];
    private readonly List<TempDirectory> _directories = [];

    private Cluster(GrokSimulator simulator, IStoreServer store)
    {
        Simulator = simulator;
        Store = store;
    }

    public GrokSimulator Simulator { get; }

    public IStoreServer Store { get; }

    /// <summary>Every instance started, alive or not, to show their output when a test fails.</summary>
    public IReadOnlyList<ProxyInstance> Instances => _instances;

    public static async Task<Cluster> StartAsync(StoreServers servers, string kind, CancellationToken cancellationToken)
    {
        var simulator = await GrokSimulator.StartAsync(new SimulatorOptions { DefaultQuota = 1_000_000_000 }, cancellationToken);
        try
        {
            return new Cluster(simulator, await servers.NewStoreAsync(kind, cancellationToken));
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bare token the simulator accepts (JWT-like, unique).</summary>
    public static string NewToken(string label) => $"eyJhbGciOiJIUzI1NiJ9.{label}-{Guid.NewGuid():N}.{Guid.NewGuid():N}";

    /// <summary>A token.json record with the canonical fields.</summary>
    public static JsonObject Record(string token, int quota, string status = "active", string note = "", params string[] tags) => new()
    {
        ["token"] = token,
        ["status"] = status,
        ["quota"] = quota,
        ["created_at"] = 1_764_000_000_000,
        ["last_used_at"] = null,
        ["use_count"] = 0,
        ["fail_count"] = 0,
        ["last_fail_at"] = null,
        ["last_fail_reason"] = null,
        ["last_sync_at"] = null,
        ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]),
        ["note"] = note,
        ["last_asset_clear_at"] = null,
    };

    /// <summary>A new DATA_DIR with config.toml and, when given, token.json.</summary>
    public string NewDataDirectory(JsonObject? tokenFile = null)
    {
        var directory = new TempDirectory();
        _directories.Add(directory);
        File.WriteAllText(directory.File("config.toml"), ConfigToml(Simulator.BaseUrl));
        if (tokenFile is not null)
        {
            File.WriteAllText(directory.File("token.json"), tokenFile.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        return directory.Path;
    }

    /// <summary>An empty directory (a migrate target).</summary>
    public string NewEmptyDirectory()
    {
        var directory = new TempDirectory();
        _directories.Add(directory);
        return directory.Path;
    }

    /// <summary>The environment that points an instance at the shared store.</summary>
    public Dictionary<string, string> StoreEnvironment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SERVER_STORAGE_TYPE"] = Store.Kind,
            ["SERVER_STORAGE_URL"] = Store.Url,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public async Task<ProxyInstance> StartInstanceAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var instance = await ProxyInstance.StartAsync(name, dataDirectory, StoreEnvironment(extra), CancellationToken.None);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>The last lines of every instance, for a failure message.</summary>
    public string Tails(int lines = 25) => string.Join('\n', _instances.Select(i => i.Tail(lines)));

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Store.DisposeAsync();
        await Simulator.DisposeAsync();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }

    private static string ConfigToml(string upstream) => $"""
        [app]
        app_key = "{GatewayAdmin.AppKey}"
        api_key = "{ChatLoad.ApiKey}"

        [chat]
        concurrent = 512
        timeout = 60.0
        stream_timeout = 120.0
        queue_timeout = 60.0

        [token]
        auto_refresh = false

        [upstream]
        base_url = "{upstream}"
        assets_url = "{upstream}"
        accounts_url = "{upstream}"
        """;
}
