using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// The edge route beside other reverse proxies: the same small GET and POST sent to a tiny backend
/// directly, through the gateway's edge route, through nginx and through the Portkey gateway, each
/// in a closed loop at the same connection count, one after the other in one run.
/// </summary>
internal static class EdgeScenario
{
    /// <summary>The POST body: 54 bytes of JSON, echoed by the backend.</summary>
    public static readonly byte[] PostBody = Encoding.UTF8.GetBytes("""{"model":"edge","input":"the quick brown fox jumped!"}""");

    private const string DirectName = "backend direct";
    private const string GatewayName = "Grok2Api edge route";
    private const string NginxName = "nginx";
    private const string PortkeyName = "Portkey gateway";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("grok2api-loadbench-edge-").FullName;
        var started = new List<ChildProcess>();
        try
        {
            Console.Error.WriteLine("starting the backend, the gateway, nginx and the Portkey gateway...");
            var backend = EdgeBackend.Start(directory, out var backendUrl);
            started.Add(backend);
            var (gateway, gatewayUrl) = await EdgeProxies.StartGatewayAsync(layout, backendUrl, options.GatewayEnvironment, Sub(directory, "gateway"), cancellationToken);
            started.Add(gateway);
            var (nginx, nginxUrl) = await EdgeProxies.StartNginxAsync(options.Nginx, backendUrl, Sub(directory, "nginx"), cancellationToken);
            started.Add(nginx);

            string? portkeyNote = null;
            ChildProcess? portkey = null;
            Uri? portkeyUrl = null;
            if (options.Portkey == "off")
            {
                portkeyNote = "not run (--portkey off)";
            }
            else
            {
                var (script, unavailable) = await EdgeProxies.LocatePortkeyAsync(options.Portkey, cancellationToken);
                if (script is null)
                {
                    portkeyNote = unavailable;
                }
                else
                {
                    (portkey, portkeyUrl) = await EdgeProxies.StartPortkeyAsync(script, Sub(directory, "portkey"), cancellationToken);
                    started.Add(portkey);
                }
            }

            var targets = new List<Target>
            {
                new(DirectName, backend, new Uri(backendUrl, "edge/item"), null),
                new(GatewayName, gateway, new Uri(gatewayUrl, "edge/item"), null),
                new(NginxName, nginx, new Uri(nginxUrl, "edge/item"), null),
            };
            if (portkey is not null && portkeyUrl is not null)
            {
                // Portkey proxies /v1/<path> to its provider's base URL; a custom host (loopback is trusted by default) makes that the backend.
                targets.Add(new(PortkeyName, portkey, new Uri(portkeyUrl, "v1/item"), new Uri(backendUrl, "edge").ToString()));
            }

            foreach (var target in targets)
            {
                await CheckAsync(target, cancellationToken);
            }

            var connections = options.Connections[0];
            if (options.StackWarmup > TimeSpan.Zero)
            {
                // The gateway starts cold: its JIT needs load before its rows mean anything.
                Console.Error.WriteLine($"warming the gateway up: {options.StackWarmup.TotalSeconds:0} s of GET and POST at {connections} connections...");
                using var client = ChatTargets.CreateClient(connections);
                var half = options.StackWarmup / 2;
                var gatewayTarget = targets[1];
                await ClosedLoop.RunAsync("warm-up", connections, half, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, gatewayTarget.Get()), () => new(default, default, default), cancellationToken);
                await ClosedLoop.RunAsync("warm-up", connections, half, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, gatewayTarget.Post()), () => new(default, default, default), cancellationToken);
            }

            var results = new List<(string Method, LoadResult Result)>();
            foreach (var method in new[] { "GET", "POST" })
            {
                foreach (var target in targets)
                {
                    Console.Error.WriteLine($"{method} {target.Name}, {connections} connections: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured...");
                    using var client = ChatTargets.CreateClient(connections);
                    var build = method == "GET" ? target.Get() : target.Post();
                    CpuUse CpuNow() => new(
                        target.Process == backend ? TimeSpan.Zero : target.Process.TreeCpuTime(),
                        backend.TreeCpuTime(),
                        System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
                    var result = await ClosedLoop.RunAsync(target.Name, connections, options.Warmup, options.Duration, ChatTargets.Sender(client, build), CpuNow, cancellationToken);
                    results.Add((method, result));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.RequestsPerSecond:N0} req/s, p50 {Format.Ms(result.Latency.ValueAt(50))} ms, p99 {Format.Ms(result.Latency.ValueAt(99))} ms, errors {result.ErrorCount}"));
                }
            }

            Print(options, connections, results, portkeyNote);
            return results.Any(r => r.Result.ErrorCount > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(started))
            {
                await process.DisposeAsync();
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    private static string Sub(string directory, string name) => Directory.CreateDirectory(Path.Combine(directory, name)).FullName;

    private static async Task CheckAsync(Target target, CancellationToken cancellationToken)
    {
        using var client = ChatTargets.CreateClient(1);
        var (getStatus, getBody) = await ChatTargets.OnceAsync(client, target.Get(), cancellationToken);
        if (getStatus != HttpStatusCode.OK || getBody != Encoding.UTF8.GetString(EdgeBackend.GetAnswer))
        {
            throw new BenchException($"GET through {target.Name} answered {(int)getStatus}: {getBody}");
        }

        var (postStatus, postBody) = await ChatTargets.OnceAsync(client, target.Post(), cancellationToken);
        if (postStatus != HttpStatusCode.OK || postBody != Encoding.UTF8.GetString(PostBody))
        {
            throw new BenchException($"POST through {target.Name} answered {(int)postStatus}: {postBody}");
        }
    }

    private static void Print(BenchOptions options, int connections, List<(string Method, LoadResult Result)> results, string? portkeyNote)
    {
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"Closed loop at {connections} connections; {options.StackWarmup.TotalSeconds:0} s of load through the gateway first, then per row {options.Warmup.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured. ") +
            string.Create(CultureInfo.InvariantCulture, $"GET answers {EdgeBackend.GetAnswer.Length} bytes of JSON; POST sends {PostBody.Length} bytes of JSON, echoed. The backend is a bare Kestrel (one request delegate). ") +
            "The gateway writes its request log (one console line per request), nginx its access log (one file line per request). " +
            "CPU is user + system of the process tree (nginx: master and workers) during the measured window. Latency: request sent to last byte read.");
        Console.WriteLine();
        var table = new MarkdownTable("Method", "Target", ">Requests/s", ">p50 ms", ">p90 ms", ">p99 ms", ">max ms", ">Errors", ">Proxy CPU µs/req", ">Backend CPU µs/req", ">Client CPU µs/req");
        foreach (var (method, r) in results)
        {
            var n = Math.Max(1, r.Latency.Count);
            table.Add(
            [
                method,
                r.Target,
                Format.Whole(r.RequestsPerSecond),
                .. Format.LatencyAndErrors(r),
                r.Target == DirectName ? "-" : Format.Whole(r.Cpu.Gateway.TotalMicroseconds / n),
                Format.Whole(r.Cpu.Simulator.TotalMicroseconds / n),
                Format.Whole(r.Cpu.Client.TotalMicroseconds / n),
            ]);
        }

        Console.WriteLine(table);
        Console.WriteLine();
        var ratios = new MarkdownTable("Method", ">Grok2Api / nginx rps", ">Grok2Api / Portkey rps", ">Grok2Api p99 / nginx p99", ">Grok2Api / direct rps", ">nginx / direct rps", ">Portkey / direct rps");
        foreach (var group in results.GroupBy(r => r.Method))
        {
            LoadResult? Find(string name) => group.Select(g => g.Result).FirstOrDefault(r => r.Target == name);
            var direct = Find(DirectName)!;
            var ours = Find(GatewayName)!;
            var nginx = Find(NginxName)!;
            var portkey = Find(PortkeyName);
            ratios.Add(
                group.Key,
                Ratio(ours.RequestsPerSecond, nginx.RequestsPerSecond),
                portkey is null ? "n/a" : Ratio(ours.RequestsPerSecond, portkey.RequestsPerSecond),
                Ratio(ours.Latency.ValueAt(99), nginx.Latency.ValueAt(99)),
                Ratio(ours.RequestsPerSecond, direct.RequestsPerSecond),
                Ratio(nginx.RequestsPerSecond, direct.RequestsPerSecond),
                portkey is null ? "n/a" : Ratio(portkey.RequestsPerSecond, direct.RequestsPerSecond));
        }

        Console.WriteLine(ratios);
        if (portkeyNote is not null)
        {
            Console.WriteLine();
            Console.WriteLine("Portkey gateway: n/a, " + portkeyNote + ".");
        }

        var warmupErrors = results.Sum(r => r.Result.WarmupErrors);
        if (warmupErrors > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"({warmupErrors} errors during the warm-ups, not counted above.)");
        }
    }

    private static string Ratio(double a, double b) => b <= 0 ? "n/a" : (a / b).ToString("N2", CultureInfo.InvariantCulture) + "x";

    /// <summary>One proxy (or the backend itself) and how its requests are built.</summary>
    private sealed record Target(string Name, ChildProcess Process, Uri Url, string? PortkeyCustomHost)
    {
        public Func<HttpRequestMessage> Get() => () => Decorate(new HttpRequestMessage(HttpMethod.Get, Url));

        public Func<HttpRequestMessage> Post() => () =>
        {
            var content = new ByteArrayContent(PostBody);
            content.Headers.ContentType = Json;
            return Decorate(new HttpRequestMessage(HttpMethod.Post, Url) { Content = content });
        };

        private HttpRequestMessage Decorate(HttpRequestMessage request)
        {
            if (PortkeyCustomHost is not null)
            {
                request.Headers.TryAddWithoutValidation("x-portkey-provider", "openai");
                request.Headers.TryAddWithoutValidation("x-portkey-custom-host", PortkeyCustomHost);
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer edge-bench");
            }

            return request;
        }
    }
}
