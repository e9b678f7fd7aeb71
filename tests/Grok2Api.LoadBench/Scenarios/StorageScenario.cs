using System.Globalization;
using System.Net;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// The same non-stream chat load through one gateway whose state lives in local files, Redis,
/// PostgreSQL or MariaDB, one backend after the other (a fresh simulator, gateway and server for
/// each): requests per second, latency, and the writes the store server counted per request served.
/// </summary>
internal static class StorageScenario
{
    // Writes that a request causes reach the store through the write-behind, a moment after the answer.
    private static readonly TimeSpan FlushSettle = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        var prompt = ChatTargets.Prompt(options.Words);
        var connections = options.Connections[0];
        var rows = new List<Row>();
        foreach (var backend in options.Backends)
        {
            Console.Error.WriteLine($"{backend}: starting the store, the simulator and the gateway...");
            await using var store = await BenchStore.StartAsync(backend, cancellationToken);
            await using var stack = await BenchStack.StartAsync(
                layout,
                new StackSettings { Tokens = options.Tokens, GatewayEnvironment = Merge(store.GatewayEnvironment, options.GatewayEnvironment) },
                cancellationToken);
            var gateway = ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(prompt, stream: false));
            using (var probe = ChatTargets.CreateClient(1))
            {
                var (status, body) = await ChatTargets.OnceAsync(probe, gateway, cancellationToken);
                if (status != HttpStatusCode.OK || !body.Contains("You said: " + prompt, StringComparison.Ordinal))
                {
                    throw new BenchException($"{backend}: the gateway answered {(int)status}: {body}");
                }
            }

            using var stopClearing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var clearing = ClearRecordingAsync(stack, stopClearing.Token);
            CpuUse CpuNow() => new(stack.Gateway.CpuTime(), stack.Simulator.CpuTime(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
            using var client = ChatTargets.CreateClient(connections);
            if (options.StackWarmup > TimeSpan.Zero)
            {
                Console.Error.WriteLine($"{backend}: warming up for {options.StackWarmup.TotalSeconds:0} s at {connections} connections...");
                await ClosedLoop.RunAsync("warm-up", connections, options.StackWarmup, TimeSpan.FromSeconds(1), ChatTargets.Sender(client, gateway), CpuNow, cancellationToken);
                await Task.Delay(FlushSettle, cancellationToken);
            }

            Console.Error.WriteLine($"{backend}: {options.Duration.TotalSeconds:0} s measured at {connections} connections...");
            var before = await store.ReadCountersAsync(cancellationToken);
            var result = await ClosedLoop.RunAsync(backend, connections, TimeSpan.Zero, options.Duration, ChatTargets.Sender(client, gateway), CpuNow, cancellationToken);
            await Task.Delay(FlushSettle, cancellationToken);
            var counted = (await store.ReadCountersAsync(cancellationToken)).Since(before);
            await stopClearing.CancelAsync();
            await clearing;
            rows.Add(new Row(backend, result, counted));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {result.RequestsPerSecond:N0} req/s, p50 {Format.Ms(result.Latency.ValueAt(50))} ms, errors {result.ErrorCount}, store writes {counted.Writes?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
            await stack.Gateway.StopAsync(TimeSpan.FromSeconds(30));
        }

        Print(options, connections, rows);
        return rows.Any(r => r.Result.ErrorCount > 0) ? 1 : 0;
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

    private static void Print(BenchOptions options, int connections, List<Row> rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Closed loop at {connections} connections; per backend a fresh store server, simulator and gateway, {options.StackWarmup.TotalSeconds:0} s of warm-up load, then {options.Duration.TotalSeconds:0} s measured; " +
            $"model {ChatTargets.Model}, stream false, a {options.Words}-word prompt; {options.Tokens} accounts. Store counters read before the measured window and {FlushSettle.TotalSeconds:0} s after it (so the write-behind has flushed), divided by the requests served in the window."));
        Console.WriteLine();
        var table = new MarkdownTable("Backend", ">Requests/s", ">p50 ms", ">p99 ms", ">Errors", ">Gateway CPU µs/req", ">Store writes per 1,000 req", ">Rows written per 1,000 req", ">All commands per 1,000 req");
        foreach (var row in rows)
        {
            var n = Math.Max(1, row.Result.Latency.Count);
            table.Add(
                row.Backend,
                Format.Whole(row.Result.RequestsPerSecond),
                Format.Ms(row.Result.Latency.ValueAt(50)),
                Format.Ms(row.Result.Latency.ValueAt(99)),
                row.Result.ErrorCount == 0 ? "0" : string.Join(", ", row.Result.Errors.Select(e => $"{e.Value} {e.Key}")),
                Format.Whole(row.Result.Cpu.Gateway.TotalMicroseconds / n),
                PerThousand(row.Counters.Writes, n),
                PerThousand(row.Counters.Rows, n),
                PerThousand(row.Counters.All, n));
        }

        Console.WriteLine(table);
        Console.WriteLine();
        Console.WriteLine("Store writes: Redis write commands (INFO commandstats), PostgreSQL committed transactions (pg_stat_database.xact_commit), MariaDB INSERT/UPDATE/DELETE/REPLACE statements (SHOW GLOBAL STATUS Com_*). " +
            "Rows written: PostgreSQL tup_inserted + tup_updated + tup_deleted, MariaDB Handler_write + Handler_update + Handler_delete. All commands: every Redis command, every MariaDB statement (Questions). The counters include the bench's own reads (one per reading).");
        foreach (var row in rows.Where(r => r.Counters.Details.Count > 0))
        {
            var n = Math.Max(1, row.Result.Latency.Count);
            var top = row.Counters.Details.Where(d => d.Value > 0).OrderByDescending(d => d.Value).Take(8)
                .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value * 1000.0 / n:0.##}"));
            Console.WriteLine($"- {row.Backend}, per 1,000 requests: {string.Join(", ", top)}");
        }
    }

    private static string PerThousand(long? count, long requests) =>
        count is { } value ? (value * 1000.0 / requests).ToString("0.##", CultureInfo.InvariantCulture) : "-";

    private static async Task ClearRecordingAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                await stack.ClearSimulatorRecordingAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The row is over.
        }
    }

    private sealed record Row(string Backend, LoadResult Result, StoreCounters Counters);
}
