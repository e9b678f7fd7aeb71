using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The simulator and the gateway, each in its own process from its Release build, on loopback ports,
/// with a fresh data directory whose config.toml points every upstream URL at the simulator, and a
/// pool of accounts whose quota never runs out (in the gateway and in the simulator).
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    public const string AdminKey = "grok2api";
    private const int HugeQuota = 1_000_000_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory;

    private BenchStack(string dataDirectory, ChildProcess simulator, Uri simulatorUrl, ChildProcess gateway, Uri gatewayUrl, HttpClient control)
    {
        _dataDirectory = dataDirectory;
        Simulator = simulator;
        SimulatorUrl = simulatorUrl;
        Gateway = gateway;
        GatewayUrl = gatewayUrl;
        Control = control;
    }

    public ChildProcess Simulator { get; }

    public Uri SimulatorUrl { get; }

    public ChildProcess Gateway { get; }

    public Uri GatewayUrl { get; }

    /// <summary>A small client for the control and admin calls (not the load).</summary>
    public HttpClient Control { get; }

    public static async Task<BenchStack> StartAsync(RepoLayout layout, StackSettings settings, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("grok2api-loadbench-").FullName;
        // The control client also reaches an HTTPS simulator, whose certificate is the bench's own.
        var control = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true } }) { Timeout = TimeSpan.FromSeconds(30) };
        ChildProcess? simulator = null;
        ChildProcess? gateway = null;
        try
        {
            var scheme = settings.UpstreamTls ? "https" : "http";
            var simulatorUrl = new Uri($"{scheme}://127.0.0.1:{FreePort.Next()}/");
            var (certificatePfx, certificatePem) = settings.UpstreamTls ? SimulatorCertificate.Create(dataDirectory) : default;
            simulator = ChildProcess.Start(
                "simulator",
                layout.SimulatorDll,
                [
                    "--urls", simulatorUrl.ToString().TrimEnd('/'),
                    "--Simulator:ConsoleLogging=false",
                    $"--Simulator:DefaultQuota={HugeQuota}",
                    "--Simulator:LineDelay=" + settings.LineDelay.ToString("c", CultureInfo.InvariantCulture),
                    .. certificatePfx is not null
                        ? ["--Kestrel:Certificates:Default:Path=" + certificatePfx, "--Kestrel:EndpointDefaults:Protocols=Http1AndHttp2"]
                        : Array.Empty<string>(),
                    .. settings.SimulatorMaxRequestBodyBytes is { } maxBody
                        ? ["--Kestrel:Limits:MaxRequestBodySize=" + maxBody.ToString(CultureInfo.InvariantCulture)]
                        : Array.Empty<string>(),
                ],
                new Dictionary<string, string>(),
                dataDirectory);
            await WaitReadyAsync(control, simulator, new Uri(simulatorUrl, "__sim/accounts"), cancellationToken);

            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "config.toml"), ConfigToml(simulatorUrl, settings), cancellationToken);
            var port = FreePort.Next();
            var gatewayUrl = new Uri($"http://127.0.0.1:{port}/");
            var environment = new Dictionary<string, string>(settings.GatewayEnvironment)
            {
                ["DATA_DIR"] = dataDirectory,
                ["SERVER_HOST"] = "127.0.0.1",
                ["SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                // The service's default level: the request log writes one console line per request (drained
                // by ChildProcess), as issue 13 asks of every figure.
                ["LOG_LEVEL"] = "INFO",
                ["LOG_FILE_ENABLED"] = "false",
            };
            if (certificatePem is not null)
            {
                // The one trusted root of the gateway's TLS: the simulator's certificate.
                environment["SSL_CERT_FILE"] = certificatePem;
                environment["SSL_CERT_DIR"] = Path.Combine(dataDirectory, "no-cert-dir");
            }

            gateway = ChildProcess.Start("gateway", layout.ProxyDll, [], environment, dataDirectory);
            await WaitReadyAsync(control, gateway, new Uri(gatewayUrl, "health"), cancellationToken);

            var stack = new BenchStack(dataDirectory, simulator, simulatorUrl, gateway, gatewayUrl, control);
            await stack.AddTokensAsync(settings.Tokens, cancellationToken);
            return stack;
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            control.Dispose();
            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>Forgets the requests the simulator recorded (it keeps every one; a long run would grow it).</summary>
    public async Task ClearSimulatorRecordingAsync(CancellationToken cancellationToken)
    {
        using var response = await Control.DeleteAsync(new Uri(SimulatorUrl, "__sim/requests"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The last chat request the simulator received (to replay it directly).</summary>
    public async Task<JsonObject> LastChatRequestAsync(CancellationToken cancellationToken)
    {
        var all = await Control.GetFromJsonAsync<JsonArray>(new Uri(SimulatorUrl, "__sim/requests?path=/rest/app-chat/conversations/new"), cancellationToken);
        return all?.LastOrDefault() as JsonObject ?? throw new BenchException("the simulator recorded no chat request");
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
        Control.Dispose();
        TryDelete(_dataDirectory);
    }

    private static string ConfigToml(Uri simulatorUrl, StackSettings settings)
    {
        var upstream = simulatorUrl.ToString().TrimEnd('/');
        return $"""
            [app]
            app_key = "{AdminKey}"
            api_key = ""

            [chat]
            concurrent = {settings.ChatConcurrent}
            timeout = 60.0
            stream_timeout = {settings.StreamTimeoutSeconds}.0
            queue_timeout = 60.0

            [token]
            auto_refresh = false

            [upstream]
            base_url = "{upstream}"
            assets_url = "{upstream}"
            accounts_url = "{upstream}"
            """;
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it answers 200 (or any answer at all when
    /// <paramref name="anyAnswer"/>: 404 from a server whose routes do not include the probe), within 60 s;
    /// fails with the process's last output when it exits or stays silent.
    /// </summary>
    internal static async Task WaitReadyAsync(HttpClient client, ChildProcess process, Uri probe, CancellationToken cancellationToken, bool anyAnswer = false)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new BenchException($"{process.Name} exited during start:{Environment.NewLine}{process.Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(probe, deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK || (anyAnswer && response.StatusCode == HttpStatusCode.NotFound))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // The probe's own timeout on a busy machine: try again until the deadline.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new BenchException($"{process.Name} was not ready within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{process.Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    private async Task AddTokensAsync(int count, CancellationToken cancellationToken)
    {
        var tokens = Enumerable.Range(1, count)
            .Select(i => $"eyJhbGciOiJIUzI1NiJ9.loadbench-{i}-{Guid.NewGuid():N}.{Guid.NewGuid():N}")
            .ToList();
        var admin = new Uri(GatewayUrl, "v1/admin/tokens");
        using (var add = Admin(HttpMethod.Post, admin, new JsonObject { ["pool"] = "ssoBasic", ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode?)t)]) }))
        using (var response = await Control.SendAsync(add, cancellationToken))
        {
            await EnsureOkAsync(response, "adding the tokens", cancellationToken);
        }

        using var list = Admin(HttpMethod.Get, new Uri(GatewayUrl, "v1/admin/tokens?page_size=500"), null);
        using var listed = await Control.SendAsync(list, cancellationToken);
        await EnsureOkAsync(listed, "listing the tokens", cancellationToken);
        var items = (await listed.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["items"]?.AsArray() ?? [];
        foreach (var id in items.Select(i => i?["id"]?.GetValue<string>()).OfType<string>())
        {
            // A new basic account has 80 requests of quota; the bench needs it never to run out.
            using var patch = Admin(HttpMethod.Patch, new Uri(GatewayUrl, $"v1/admin/tokens/{id}"), new JsonObject { ["quota"] = HugeQuota });
            using var patched = await Control.SendAsync(patch, cancellationToken);
            await EnsureOkAsync(patched, "raising a token's quota", cancellationToken);
        }

        if (items.Count != count)
        {
            throw new BenchException($"the gateway lists {items.Count} tokens, {count} were added");
        }
    }

    private static HttpRequestMessage Admin(HttpMethod method, Uri uri, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new BenchException($"{what} answered {(int)response.StatusCode}: {text}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
