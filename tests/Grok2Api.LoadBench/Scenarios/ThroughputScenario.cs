using System.Globalization;
using System.Net;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Non-stream chat through the gateway versus the same upstream request sent to the simulator
/// directly, at the same concurrencies, one after the other in one run.
/// </summary>
internal static class ThroughputScenario
{
    private const string DirectName = "simulator direct";
    private const string BareName = "bare chat forwarder";
    private const string GatewayName = "through the gateway";

    private static readonly TimeSpan RecordingClearInterval = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("starting the simulator and the gateway...");
        await using var stack = await BenchStack.StartAsync(layout, new StackSettings { Tokens = options.Tokens, GatewayEnvironment = options.GatewayEnvironment }, cancellationToken);
        var prompt = ChatTargets.Prompt(options.Words);
        var gateway = ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(prompt, stream: false));

        // One request through the gateway proves the stack works and gives the upstream request to replay.
        using (var probe = ChatTargets.CreateClient(1))
        {
            var (status, body) = await ChatTargets.OnceAsync(probe, gateway, cancellationToken);
            if (status != HttpStatusCode.OK || !body.Contains("You said: " + prompt, StringComparison.Ordinal))
            {
                throw new BenchException($"the gateway answered {(int)status}: {body}");
            }
        }

        var recorded = await stack.LastChatRequestAsync(cancellationToken);
        var direct = ChatTargets.Direct(stack.SimulatorUrl, recorded);
        using (var probe = ChatTargets.CreateClient(1))
        {
            var (status, body) = await ChatTargets.OnceAsync(probe, direct, cancellationToken);
            if (status != HttpStatusCode.OK || !body.Contains("You said:", StringComparison.Ordinal))
            {
                throw new BenchException($"the simulator answered the replayed request {(int)status}: {body}");
            }
        }

        // The framework's floor for the same hop: a minimal forwarder with none of the gateway's code.
        var bareDirectory = Path.Combine(Path.GetTempPath(), "grok2api-bare-chat-" + Guid.NewGuid().ToString("N"));
        ChildProcess? bare = null;
        Func<HttpRequestMessage>? bareTarget = null;
        if (options.BareChat)
        {
            Console.Error.WriteLine("starting the bare chat forwarder...");
            (bare, var bareUrl) = await BareChat.StartAsync(stack.SimulatorUrl, recorded, options.GatewayEnvironment, bareDirectory, cancellationToken);
            bareTarget = ChatTargets.Gateway(bareUrl, ChatTargets.GatewayBody(prompt, stream: false));
            using var probe = ChatTargets.CreateClient(1);
            var (status, body) = await ChatTargets.OnceAsync(probe, bareTarget, cancellationToken);
            if (status != HttpStatusCode.OK || !body.Contains("You said: " + prompt, StringComparison.Ordinal))
            {
                throw new BenchException($"the bare chat forwarder answered {(int)status}: {body}");
            }
        }

        try
        {
            return await MeasureAsync(stack, options, prompt, direct, bare, bareTarget, gateway, cancellationToken);
        }
        finally
        {
            if (bare is not null)
            {
                await bare.DisposeAsync();
            }

            try
            {
                Directory.Delete(bareDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The forwarder was not started.
            }
        }
    }

    private static async Task<int> MeasureAsync(
        BenchStack stack,
        BenchOptions options,
        string prompt,
        Func<HttpRequestMessage> direct,
        ChildProcess? bare,
        Func<HttpRequestMessage>? bareTarget,
        Func<HttpRequestMessage> gateway,
        CancellationToken cancellationToken)
    {
        using var stopClearing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clearing = ClearRecordingAsync(stack, stopClearing.Token);
        var results = new List<LoadResult>();
        var allocations = new Dictionary<LoadResult, double?>(ReferenceEqualityComparer.Instance);
        CpuUse CpuNow() => new(stack.Gateway.CpuTime(), stack.Simulator.CpuTime(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
        // The bare forwarder's row reports its own CPU in the gateway's column: it is the process in the gateway's place.
        CpuUse BareCpuNow() => new(bare!.CpuTime(), stack.Simulator.CpuTime(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
        var rows = new List<(string Name, Func<HttpRequestMessage> Build, Func<CpuUse> Cpu)> { (DirectName, direct, CpuNow) };
        if (bareTarget is not null)
        {
            rows.Add((BareName, bareTarget, BareCpuNow));
        }

        rows.Add((GatewayName, gateway, CpuNow));
        if (options.StackWarmup > TimeSpan.Zero)
        {
            // Both processes start cold: without this the first row measures the JIT's tiering, not the gateway.
            var most = options.Connections.Max();
            Console.Error.WriteLine($"warming the stack up: {options.StackWarmup.TotalSeconds:0} s through the gateway at {most} connections...");
            using var client = ChatTargets.CreateClient(most);
            await ClosedLoop.RunAsync("stack warm-up", most, options.StackWarmup, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, gateway), CpuNow, cancellationToken);
            if (bareTarget is not null)
            {
                // A far smaller program, tiered up in a fraction of the gateway's time; the same warm-up is given for fairness.
                Console.Error.WriteLine($"warming the bare chat forwarder up: {options.StackWarmup.TotalSeconds:0} s at {most} connections...");
                await ClosedLoop.RunAsync("bare warm-up", most, options.StackWarmup, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, bareTarget), BareCpuNow, cancellationToken);
            }
        }

        foreach (var connections in options.Connections)
        {
            foreach (var (name, build, cpu) in rows)
            {
                Console.Error.WriteLine($"{name}, {connections} connections: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured...");
                using var client = ChatTargets.CreateClient(connections);
                var gatewayRow = ReferenceEquals(build, gateway);
                var before = gatewayRow ? await GatewayAllocations.ReadAsync(stack.Control, stack.GatewayUrl, cancellationToken) : null;
                var result = await ClosedLoop.RunAsync(name, connections, options.Warmup, options.Duration, ChatTargets.Sender(client, build), cpu, cancellationToken);
                if (gatewayRow)
                {
                    allocations[result] = GatewayAllocations.PerRequest(before, await GatewayAllocations.ReadAsync(stack.Control, stack.GatewayUrl, cancellationToken));
                }

                results.Add(result);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.RequestsPerSecond:N0} req/s, p50 {Format.Ms(result.Latency.ValueAt(50))} ms, errors {result.ErrorCount}"));
            }
        }

        await stopClearing.CancelAsync();
        await clearing;
        Print(options, prompt, results, allocations);
        return results.Any(r => r.ErrorCount > 0) ? 1 : 0;
    }

    private static void Print(BenchOptions options, string prompt, List<LoadResult> results, Dictionary<LoadResult, double?> allocations)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Closed loop; {options.StackWarmup.TotalSeconds:0} s of load through the gateway first, then per row {options.Warmup.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured; model {ChatTargets.Model}, stream false, a {options.Words}-word prompt " +
            $"(the simulator answers \"You said: <prompt>\" in {options.Words + 2} token lines); {options.Tokens} accounts. Latency: request sent to last byte read. " +
            $"Gateway allocated bytes/req: the runtime's allocated-bytes counter over the chat requests counted, both from the gateway's /metrics before and after the row (warm-up included)."));
        Console.WriteLine();
        var table = new MarkdownTable("Target", ">Connections", ">Requests/s", ">p50 ms", ">p90 ms", ">p99 ms", ">max ms", ">Errors", ">Gateway CPU µs/req", ">Simulator CPU µs/req", ">Client CPU µs/req", ">Gateway allocated bytes/req");
        foreach (var r in results)
        {
            var n = Math.Max(1, r.Latency.Count);
            table.Add(
            [
                r.Target,
                Format.Whole(r.Connections),
                Format.Whole(r.RequestsPerSecond),
                .. Format.LatencyAndErrors(r),
                Format.Whole(r.Cpu.Gateway.TotalMicroseconds / n),
                Format.Whole(r.Cpu.Simulator.TotalMicroseconds / n),
                Format.Whole(r.Cpu.Client.TotalMicroseconds / n),
                allocations.GetValueOrDefault(r) is { } bytes ? Format.Whole(bytes) : "-",
            ]);
        }

        Console.WriteLine(table);
        Console.WriteLine();
        var overhead = new MarkdownTable(">Connections", ">Requests/s (gateway / direct)", ">p50 added ms", ">p90 added ms", ">p99 added ms");
        foreach (var group in results.GroupBy(r => r.Connections))
        {
            var direct = group.First(r => r.Target == DirectName);
            var through = group.First(r => r.Target == GatewayName);
            overhead.Add(
                Format.Whole(group.Key),
                (through.RequestsPerSecond / direct.RequestsPerSecond).ToString("P0", CultureInfo.InvariantCulture),
                Format.Signed((through.Latency.ValueAt(50) - direct.Latency.ValueAt(50)) / 1000.0, "N2"),
                Format.Signed((through.Latency.ValueAt(90) - direct.Latency.ValueAt(90)) / 1000.0, "N2"),
                Format.Signed((through.Latency.ValueAt(99) - direct.Latency.ValueAt(99)) / 1000.0, "N2"));
        }

        Console.WriteLine(overhead);
        if (results.Any(r => r.Target == BareName))
        {
            // The gateway's CPU split: the framework's floor for the hop (the bare forwarder) and ours above it.
            Console.WriteLine();
            var split = new MarkdownTable(">Connections", ">Bare / direct rps", ">Gateway / bare rps", ">Bare p50 added ms", ">Bare CPU µs/req", ">Gateway CPU µs/req", ">Ours (gateway − bare) µs/req");
            foreach (var group in results.GroupBy(r => r.Connections))
            {
                var direct = group.First(r => r.Target == DirectName);
                var bare = group.First(r => r.Target == BareName);
                var through = group.First(r => r.Target == GatewayName);
                double CpuPerRequest(LoadResult r) => r.Cpu.Gateway.TotalMicroseconds / Math.Max(1, r.Latency.Count);
                split.Add(
                    Format.Whole(group.Key),
                    (bare.RequestsPerSecond / direct.RequestsPerSecond).ToString("P0", CultureInfo.InvariantCulture),
                    (through.RequestsPerSecond / bare.RequestsPerSecond).ToString("P0", CultureInfo.InvariantCulture),
                    Format.Signed((bare.Latency.ValueAt(50) - direct.Latency.ValueAt(50)) / 1000.0, "N2"),
                    Format.Whole(CpuPerRequest(bare)),
                    Format.Whole(CpuPerRequest(through)),
                    Format.Whole(CpuPerRequest(through) - CpuPerRequest(bare)));
            }

            Console.WriteLine(split);
        }

        var warmupErrors = results.Sum(r => r.WarmupErrors);
        if (warmupErrors > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"({warmupErrors} errors during the warm-ups, not counted above.)");
        }
    }

    private static async Task ClearRecordingAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RecordingClearInterval, cancellationToken);
                await stack.ClearSimulatorRecordingAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
