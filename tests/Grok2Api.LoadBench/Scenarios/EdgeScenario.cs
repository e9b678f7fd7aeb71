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
/// directly, through the gateway's edge route, through a bare YARP proxy (the framework without our
/// code), through nginx and through the Portkey gateway, each in a closed loop at the same connection
/// count, one after the other in one run (optionally a second gateway build too, and several rounds).
/// </summary>
internal static class EdgeScenario
{
    /// <summary>The POST body: 54 bytes of JSON, echoed by the backend.</summary>
    public static readonly byte[] PostBody = Encoding.UTF8.GetBytes("""{"model":"edge","input":"the quick brown fox jumped!"}""");

    private const string DirectName = "backend direct";
    private const string GatewayName = "Grok2Api edge route";
    private const string BaselineName = "Grok2Api baseline";
    private const string BareYarpName = "bare YARP";
    private const string NginxName = "nginx";
    private const string PortkeyName = "Portkey gateway";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>What perf needs of a .NET process to name its JIT-compiled frames (docs/benchmarks.md, "Edge route").</summary>
    private static readonly Dictionary<string, string> PerfEnvironment = new()
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("grok2api-loadbench-edge-").FullName;
        var started = new List<ChildProcess>();
        try
        {
            Console.Error.WriteLine("starting the backend, the gateway, the bare YARP proxy, nginx and the Portkey gateway...");
            var backend = EdgeBackend.Start(directory, out var backendUrl);
            started.Add(backend);
            var dotnetEnvironment = options.PerfDirectory is null ? new Dictionary<string, string>() : PerfEnvironment;
            var (gateway, gatewayUrl) = await EdgeProxies.StartGatewayAsync(
                "gateway", layout.ProxyDll, backendUrl, Merge(dotnetEnvironment, options.GatewayEnvironment), Sub(directory, "gateway"), cancellationToken);
            started.Add(gateway);
            var targets = new List<Target>
            {
                new(DirectName, "direct", backend, new Uri(backendUrl, "edge/item"), null, Dotnet: false),
                new(GatewayName, "gateway", gateway, new Uri(gatewayUrl, "edge/item"), null, Dotnet: true),
            };

            if (options.BaselineDll is not null || options.BaselineEnvironment.Count > 0)
            {
                var (baseline, baselineUrl) = await EdgeProxies.StartGatewayAsync(
                    "baseline", options.BaselineDll ?? layout.ProxyDll, backendUrl, Merge(dotnetEnvironment, options.BaselineEnvironment), Sub(directory, "baseline"), cancellationToken);
                started.Add(baseline);
                targets.Add(new(BaselineName, "baseline", baseline, new Uri(baselineUrl, "edge/item"), null, Dotnet: true));
            }

            if (options.BareYarp)
            {
                var (bare, bareUrl) = await BareYarp.StartAsync(backendUrl, Merge(dotnetEnvironment, options.BareYarpEnvironment), Sub(directory, "bare-yarp"), cancellationToken);
                started.Add(bare);
                targets.Add(new(BareYarpName, "bare-yarp", bare, new Uri(bareUrl, "edge/item"), null, Dotnet: true));
            }

            var (nginx, nginxUrl) = await EdgeProxies.StartNginxAsync(options.Nginx, backendUrl, Sub(directory, "nginx"), cancellationToken);
            started.Add(nginx);
            targets.Add(new(NginxName, "nginx", nginx, new Uri(nginxUrl, "edge/item"), null, Dotnet: false));

            string? portkeyNote = null;
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
                    var (portkey, portkeyUrl) = await EdgeProxies.StartPortkeyAsync(script, Sub(directory, "portkey"), cancellationToken);
                    started.Add(portkey);

                    // Portkey proxies /v1/<path> to its provider's base URL; a custom host (loopback is trusted by default) makes that the backend.
                    targets.Add(new(PortkeyName, "portkey", portkey, new Uri(portkeyUrl, "v1/item"), new Uri(backendUrl, "edge").ToString(), Dotnet: false));
                }
            }

            foreach (var target in targets)
            {
                await CheckAsync(target, cancellationToken);
            }

            var connections = options.Connections[0];
            if (options.StackWarmup > TimeSpan.Zero)
            {
                foreach (var target in targets.Where(t => t.Dotnet))
                {
                    // A .NET proxy starts cold: its JIT needs load before its rows mean anything.
                    Console.Error.WriteLine($"warming {target.Name} up: {options.StackWarmup.TotalSeconds:0} s of GET and POST at {connections} connections...");
                    using var client = ChatTargets.CreateClient(connections);
                    var half = options.StackWarmup / 2;
                    await ClosedLoop.RunAsync("warm-up", connections, half, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, target.Get()), () => new(default, default, default), cancellationToken);
                    await ClosedLoop.RunAsync("warm-up", connections, half, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, target.Post()), () => new(default, default, default), cancellationToken);
                }
            }

            var results = new List<Row>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var method in new[] { "GET", "POST" })
                {
                    foreach (var target in targets)
                    {
                        Console.Error.WriteLine($"round {round}: {method} {target.Name}, {connections} connections: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured...");
                        using var client = ChatTargets.CreateClient(connections);
                        var build = method == "GET" ? target.Get() : target.Post();
                        CpuUse CpuNow() => new(
                            target.Process == backend ? TimeSpan.Zero : target.Process.TreeCpuTime(),
                            backend.TreeCpuTime(),
                            System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
                        var perf = options.PerfDirectory is not null && target.Dotnet
                            ? RecordAsync(options.PerfDirectory, target, $"{target.Slug}-{method.ToLowerInvariant()}-r{round}.data", options.Warmup, options.Duration, cancellationToken)
                            : Task.CompletedTask;
                        var result = await ClosedLoop.RunAsync(target.Name, connections, options.Warmup, options.Duration, ChatTargets.Sender(client, build), CpuNow, cancellationToken);
                        await perf;
                        results.Add(new(round, method, result));
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.RequestsPerSecond:N0} req/s, p50 {Format.Ms(result.Latency.ValueAt(50))} ms, p99 {Format.Ms(result.Latency.ValueAt(99))} ms, {Format.Whole(ProxyMicroseconds(result))} µs/req, errors {result.ErrorCount}"));
                    }
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

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
    {
        var merged = new Dictionary<string, string>(first);
        foreach (var (key, value) in second)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>perf record of <paramref name="target"/> over the measured window (after <paramref name="warmup"/>, for <paramref name="duration"/>).</summary>
    private static async Task RecordAsync(string directory, Target target, string file, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        await Task.Delay(warmup, cancellationToken);
        var seconds = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var perf = ChildProcess.StartProgram(
            "perf",
            "perf",
            ["record", "-F", "999", "-g", "-p", target.Process.Id.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(directory, file), "--", "sleep", seconds],
            new Dictionary<string, string>(),
            directory);
        await using (perf)
        {
            while (!perf.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private static double ProxyMicroseconds(LoadResult result) => result.Cpu.Gateway.TotalMicroseconds / Math.Max(1, result.Latency.Count);

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

    private static void Print(BenchOptions options, int connections, List<Row> results, string? portkeyNote)
    {
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"Closed loop at {connections} connections; {options.StackWarmup.TotalSeconds:0} s of load through each .NET proxy first, then per row {options.Warmup.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured, {options.Rounds} round(s). ") +
            string.Create(CultureInfo.InvariantCulture, $"GET answers {EdgeBackend.GetAnswer.Length} bytes of JSON; POST sends {PostBody.Length} bytes of JSON, echoed. The backend is a bare Kestrel (one request delegate). ") +
            "The gateway writes its request log (one console line per request), nginx its access log (one file line per request); the bare YARP proxy (Kestrel + YARP, the gateway's GC settings) logs nothing. " +
            "CPU is user + system of the process tree (nginx: master and workers) during the measured window. Latency: request sent to last byte read.");
        if (options.PerfDirectory is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"perf recorded every .NET proxy's measured window into {options.PerfDirectory} (its own CPU is not in the rows, but it ran on the same cores).");
        }

        if (options.BaselineDll is not null || options.BaselineEnvironment.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"{BaselineName}: {options.BaselineDll ?? "this build"}" + (options.BaselineEnvironment.Count > 0 ? " with " + string.Join(", ", options.BaselineEnvironment.Select(e => $"{e.Key}={e.Value}")) : "") + ".");
        }

        if (options.BareYarpEnvironment.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"{BareYarpName} runs with " + string.Join(", ", options.BareYarpEnvironment.Select(e => $"{e.Key}={e.Value}")) + ".");
        }

        Console.WriteLine();
        var table = new MarkdownTable("Round", "Method", "Target", ">Requests/s", ">p50 ms", ">p90 ms", ">p99 ms", ">max ms", ">Errors", ">Proxy CPU µs/req", ">Backend CPU µs/req", ">Client CPU µs/req");
        foreach (var (round, method, r) in results)
        {
            var n = Math.Max(1, r.Latency.Count);
            table.Add(
            [
                round.ToString(CultureInfo.InvariantCulture),
                method,
                r.Target,
                Format.Whole(r.RequestsPerSecond),
                .. Format.LatencyAndErrors(r),
                r.Target == DirectName ? "-" : Format.Whole(ProxyMicroseconds(r)),
                Format.Whole(r.Cpu.Simulator.TotalMicroseconds / n),
                Format.Whole(r.Cpu.Client.TotalMicroseconds / n),
            ]);
        }

        Console.WriteLine(table);
        Console.WriteLine();
        var rounds = results.GroupBy(r => (r.Method, r.Round)).ToList();
        var has = results.Select(r => r.Result.Target).ToHashSet(StringComparer.Ordinal);
        var median = options.Rounds > 1 ? " (median of the rounds, min-max)" : "";
        Console.WriteLine("Throughput and p99 ratios" + median + ":");
        Console.WriteLine();
        var ratioColumns = new List<(string Header, Func<Func<string, LoadResult>, double?> Value)>
        {
            (">Grok2Api / nginx rps", f => f(GatewayName).RequestsPerSecond / f(NginxName).RequestsPerSecond),
            (">Grok2Api p99 / nginx p99", f => (double)f(GatewayName).Latency.ValueAt(99) / f(NginxName).Latency.ValueAt(99)),
        };
        if (has.Contains(BareYarpName))
        {
            ratioColumns.Add((">Grok2Api / bare YARP rps", f => f(GatewayName).RequestsPerSecond / f(BareYarpName).RequestsPerSecond));
            ratioColumns.Add((">bare YARP / nginx rps", f => f(BareYarpName).RequestsPerSecond / f(NginxName).RequestsPerSecond));
            ratioColumns.Add((">bare YARP p99 / nginx p99", f => (double)f(BareYarpName).Latency.ValueAt(99) / f(NginxName).Latency.ValueAt(99)));
        }

        if (has.Contains(BaselineName))
        {
            ratioColumns.Add((">Grok2Api / baseline rps", f => f(GatewayName).RequestsPerSecond / f(BaselineName).RequestsPerSecond));
            ratioColumns.Add((">baseline / nginx rps", f => f(BaselineName).RequestsPerSecond / f(NginxName).RequestsPerSecond));
        }

        if (has.Contains(PortkeyName))
        {
            ratioColumns.Add((">Grok2Api / Portkey rps", f => f(GatewayName).RequestsPerSecond / f(PortkeyName).RequestsPerSecond));
        }

        ratioColumns.Add((">Grok2Api / direct rps", f => f(GatewayName).RequestsPerSecond / f(DirectName).RequestsPerSecond));
        ratioColumns.Add((">nginx / direct rps", f => f(NginxName).RequestsPerSecond / f(DirectName).RequestsPerSecond));
        Console.WriteLine(Summary(rounds, ratioColumns, v => (v).ToString("N2", CultureInfo.InvariantCulture) + "x"));

        Console.WriteLine();
        Console.WriteLine("Proxy CPU per request, µs" + median + "; the gap to nginx split into the framework's share (bare YARP − nginx) and the gateway's own (Grok2Api − bare YARP):");
        Console.WriteLine();
        var cpuColumns = new List<(string Header, Func<Func<string, LoadResult>, double?> Value)>
        {
            (">Grok2Api", f => ProxyMicroseconds(f(GatewayName))),
        };
        if (has.Contains(BaselineName))
        {
            cpuColumns.Add((">baseline", f => ProxyMicroseconds(f(BaselineName))));
        }

        if (has.Contains(BareYarpName))
        {
            cpuColumns.Add((">bare YARP", f => ProxyMicroseconds(f(BareYarpName))));
        }

        cpuColumns.Add((">nginx", f => ProxyMicroseconds(f(NginxName))));
        if (has.Contains(BareYarpName))
        {
            cpuColumns.Add((">ours (Grok2Api − bare YARP)", f => ProxyMicroseconds(f(GatewayName)) - ProxyMicroseconds(f(BareYarpName))));
            cpuColumns.Add((">framework (bare YARP − nginx)", f => ProxyMicroseconds(f(BareYarpName)) - ProxyMicroseconds(f(NginxName))));
        }

        Console.WriteLine(Summary(rounds, cpuColumns, Format.Whole));
        if (has.Contains(BareYarpName))
        {
            Console.WriteLine();
            var share = new List<(string Header, Func<Func<string, LoadResult>, double?> Value)>
            {
                (">framework share of the CPU gap to nginx", f =>
                {
                    var gap = ProxyMicroseconds(f(GatewayName)) - ProxyMicroseconds(f(NginxName));
                    return gap <= 0 ? null : (ProxyMicroseconds(f(BareYarpName)) - ProxyMicroseconds(f(NginxName))) / gap * 100;
                }),
            };
            Console.WriteLine(Summary(rounds, share, v => Format.Whole(v) + " %"));
        }

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

    /// <summary>One line per method: each column's value per round, as the median (and the range when there are several rounds).</summary>
    private static MarkdownTable Summary(
        List<IGrouping<(string Method, int Round), Row>> rounds,
        List<(string Header, Func<Func<string, LoadResult>, double?> Value)> columns,
        Func<double, string> format)
    {
        var table = new MarkdownTable(["Method", .. columns.Select(c => c.Header)]);
        foreach (var method in rounds.GroupBy(r => r.Key.Method))
        {
            var cells = new List<string> { method.Key };
            foreach (var (_, value) in columns)
            {
                var values = method
                    .Select(round => value(name => round.First(r => r.Result.Target == name).Result))
                    .Where(v => v is not null && double.IsFinite(v.Value))
                    .Select(v => v!.Value)
                    .Order()
                    .ToList();
                cells.Add(values.Count switch
                {
                    0 => "n/a",
                    1 => format(values[0]),
                    _ => $"{format(Median(values))} ({format(values[0])}–{format(values[^1])})",
                });
            }

            table.Add([.. cells]);
        }

        return table;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>One measured row: its round, its method and what it measured.</summary>
    private sealed record Row(int Round, string Method, LoadResult Result);

    /// <summary>One proxy (or the backend itself) and how its requests are built; <paramref name="Dotnet"/>: warmed up first, and profiled with --perf.</summary>
    private sealed record Target(string Name, string Slug, ChildProcess Process, Uri Url, string? PortkeyCustomHost, bool Dotnet)
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
