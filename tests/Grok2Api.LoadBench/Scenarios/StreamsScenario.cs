using System.Globalization;
using System.Net;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Resident memory of the gateway with many slow streaming chats open at once, against its idle
/// memory after a warm-up. The simulator pauses between lines, so every stream stays open for the
/// whole measurement, and then runs to its end: every stream must end with <c>data: [DONE]</c>.
/// A list of counts runs one fresh stack per count (a sweep).
/// </summary>
internal static class StreamsScenario
{
    private const int WarmupRequests = 64;
    private static readonly TimeSpan FirstChunkGrace = TimeSpan.FromSeconds(60);
    // On a busy machine the last first chunk can come tens of seconds after the last stream was opened.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GcDumpAllowance = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        var most = options.StreamCounts.Max();
        // The gateway holds a socket per client stream, and upstream one per stream over HTTP/1.1 but
        // one per 100 streams or so over HTTP/2.
        var openFiles = OpenFileLimit.Ensure(options.UpstreamTls ? most + (most / 50) + 64 : 2 * most);
        var ports = OpenFileLimit.EphemeralPorts();
        // Loopback: the load generator's connections to the gateway and the gateway's to the simulator each need an ephemeral port.
        if (ports is { } available && available < (2 * most) + 1000)
        {
            throw new BenchException($"{most} streams need about {(2 * most) + 1000} ephemeral ports; net.ipv4.ip_local_port_range offers {available}: widen it (sysctl -w net.ipv4.ip_local_port_range=\"15000 65000\")");
        }

        var upstream = options.UpstreamTls
            ? "upstream: the simulator over HTTPS with HTTP/2 (ALPN), as grok.com"
            : "upstream: the simulator over cleartext HTTP/1.1 (one gateway socket per stream)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Open-file limit (RLIMIT_NOFILE, inherited by the simulator and the gateway): {openFiles}; ephemeral ports: {ports?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; {upstream}."));
        Console.WriteLine();
        if (options.GcDumpDirectory is not null)
        {
            Directory.CreateDirectory(options.GcDumpDirectory);
        }

        var rows = new List<StreamsRow>();
        foreach (var count in options.StreamCounts)
        {
            var row = await RunCountAsync(layout, options, count, cancellationToken);
            rows.Add(row);
            PrintDetail(options, row);
            Console.WriteLine();
        }

        if (rows.Count > 1)
        {
            PrintSweep(options, rows);
        }

        return rows.All(r => r.Complete) ? 0 : 1;
    }

    private static async Task<StreamsRow> RunCountAsync(RepoLayout layout, BenchOptions options, int count, CancellationToken cancellationToken)
    {
        var ramp = TimeSpan.FromSeconds((double)count / options.OpenRate);
        var needed = ramp + (3 * options.LineDelay) + options.Hold + Margin + (options.GcDumpDirectory is null ? TimeSpan.Zero : GcDumpAllowance);
        var words = options.Words > 0
            ? options.Words
            : Math.Max(3, (int)Math.Ceiling(needed / Max(options.LineDelay, TimeSpan.FromMilliseconds(1)))) - 3;
        var streamLength = options.LineDelay * (words + 3);
        if (streamLength < needed)
        {
            throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                $"an answer of {words} words lasts about {streamLength.TotalSeconds:0} s, shorter than the {needed.TotalSeconds:0} s the streams must stay open; raise --words or --line-delay"));
        }

        Console.Error.WriteLine($"[{count} streams] starting the simulator and the gateway...");
        await using var stack = await BenchStack.StartAsync(
            layout,
            new StackSettings { Tokens = options.Tokens, GatewayEnvironment = options.GatewayEnvironment, LineDelay = options.LineDelay, ChatConcurrent = Math.Max(4096, count * 2), UpstreamTls = options.UpstreamTls },
            cancellationToken);

        Console.Error.WriteLine($"[{count} streams] warming up with {WarmupRequests} chats (stream and non-stream)...");
        await WarmUpAsync(stack, cancellationToken);
        Console.Error.WriteLine($"[{count} streams] settling {options.Settle.TotalSeconds:0} s before the idle sample...");
        await Task.Delay(options.Settle, cancellationToken);
        var idle = MemorySample.Take(stack);
        var idleHeap = await GcDump.TakeAsync(options.GcDumpDirectory, stack, $"idle-{count}", cancellationToken);

        Console.Error.WriteLine($"[{count} streams] opening them at {options.OpenRate}/s, a {words}-word answer each (about {streamLength.TotalSeconds:0} s)...");
        using var client = ChatTargets.CreateClient(int.MaxValue);
        using var streams = new OpenStreams(client, ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(ChatTargets.Prompt(words), stream: true)), count);
        try
        {
            await streams.OpenAsync(options.OpenRate, cancellationToken);
            try
            {
                await streams.AllStarted.WaitAsync(FirstChunkGrace, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new BenchException($"{streams.Started} of {count} streams received a first chunk within {FirstChunkGrace.TotalSeconds:0} s of the last opened ({streams.Failed} failed)");
            }

            var allOpenAfter = streams.SinceFirstOpened;
            var atAllOpen = MemorySample.Take(stack);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{count} streams] all have their first chunk after {allOpenAfter.TotalSeconds:0.0} s; holding them {options.Hold.TotalSeconds:0} s..."));
            var samples = new List<MemorySample> { atAllOpen };
            for (var waited = TimeSpan.Zero; waited < options.Hold; waited += TimeSpan.FromSeconds(1))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                samples.Add(MemorySample.Take(stack));
            }

            var stillOpen = count - streams.Ended - streams.Failed;
            var held = MemorySample.Median(samples);
            var peak = samples.MaxBy(s => s.GatewayRss)!;
            // After the RSS samples: a gcdump forces a full collection.
            var openHeap = await GcDump.TakeAsync(options.GcDumpDirectory, stack, $"open-{count}", cancellationToken);

            Console.Error.WriteLine($"[{count} streams] waiting for every stream to reach its end...");
            var ended = await streams.WaitAllEndedAsync(streamLength + EndGrace, cancellationToken);
            var allEndedAfter = streams.SinceFirstOpened;
            if (!ended)
            {
                await streams.CloseAsync();
            }

            await Task.Delay(options.Settle, cancellationToken);
            var closed = MemorySample.Take(stack);
            return new StreamsRow(count, words, allOpenAfter, allEndedAfter, idle, atAllOpen, held, peak, closed, stillOpen, streams.Failed, streams.Done, idleHeap, openHeap);
        }
        finally
        {
            await streams.CloseAsync();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task WarmUpAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        using var client = ChatTargets.CreateClient(WarmupRequests);
        var prompt = ChatTargets.Prompt(3);
        var stream = ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(prompt, stream: true));
        var whole = ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(prompt, stream: false));
        var answers = await Task.WhenAll(Enumerable.Range(0, WarmupRequests).Select(i => ChatTargets.OnceAsync(client, i % 2 == 0 ? stream : whole, cancellationToken)));
        // A stream ends with [DONE]; a whole answer carries the echo in one piece.
        if (answers.FirstOrDefault(a => a.Status != HttpStatusCode.OK
            || !(a.Body.Contains("data: [DONE]", StringComparison.Ordinal) || a.Body.Contains("You said", StringComparison.Ordinal))) is { Body: not null } bad)
        {
            throw new BenchException($"a warm-up chat answered {(int)bad.Status}: {bad.Body}");
        }
    }

    private static string PerStream(long open, long idle, int n) => Format.One((open - idle) / (double)n);

    private static void PrintDetail(BenchOptions options, StreamsRow row)
    {
        var n = row.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} streaming chats (model {ChatTargets.Model}, a {row.Words}-word answer, one line every {options.LineDelay.TotalSeconds:0.###} s from the simulator), " +
            $"opened at {options.OpenRate}/s; all had their first chunk {row.AllOpenAfter.TotalSeconds:0.0} s after the first was opened; " +
            $"held {options.Hold.TotalSeconds:0} s, sampled every second; {row.StillOpen} still open at the end of the hold, {row.Failed} failed; " +
            $"{row.Done} of {n} ended with data: [DONE] ({row.AllEndedAfter.TotalSeconds:0.0} s after the first was opened). " +
            $"Idle = {options.Settle.TotalSeconds:0} s after {WarmupRequests} warm-up chats. VmRSS from /proc/<pid>/status."));
        Console.WriteLine();
        var table = new MarkdownTable("", ">Gateway", ">Simulator", ">Load generator");
        var (idle, atAllOpen, held, peak, closed) = (row.Idle, row.AtAllOpen, row.Held, row.Peak, row.Closed);
        table.Add("VmRSS idle (MiB)", Format.MiB(idle.GatewayRss), Format.MiB(idle.SimulatorRss), Format.MiB(idle.ClientRss));
        table.Add($"VmRSS when all {n} have their first chunk (MiB)", Format.MiB(atAllOpen.GatewayRss), Format.MiB(atAllOpen.SimulatorRss), Format.MiB(atAllOpen.ClientRss));
        table.Add($"VmRSS with {n} open, median of the hold (MiB)", Format.MiB(held.GatewayRss), Format.MiB(held.SimulatorRss), Format.MiB(held.ClientRss));
        table.Add($"VmRSS with {n} open, highest sample (MiB)", Format.MiB(peak.GatewayRss), Format.MiB(peak.SimulatorRss), Format.MiB(peak.ClientRss));
        table.Add("**Per open stream, median − idle (KiB)**", "**" + PerStream(held.GatewayRss, idle.GatewayRss, n) + "**", PerStream(held.SimulatorRss, idle.SimulatorRss, n), PerStream(held.ClientRss, idle.ClientRss, n));
        table.Add($"VmRSS {options.Settle.TotalSeconds:0} s after they all ended (MiB)", Format.MiB(closed.GatewayRss), Format.MiB(closed.SimulatorRss), Format.MiB(closed.ClientRss));
        Console.WriteLine(table);
        Console.WriteLine();
        var gateway = new MarkdownTable("Gateway detail", ">Idle", $">{n} open (median)", ">Per stream");
        gateway.Add("RssAnon (MiB / KiB per stream)", Format.MiB(idle.GatewayAnon), Format.MiB(held.GatewayAnon), PerStream(held.GatewayAnon, idle.GatewayAnon, n));
        gateway.Add("Threads", Format.Whole(idle.GatewayThreads), Format.Whole(held.GatewayThreads), "");
        if (row.IdleHeapBytes is { } idleHeap && row.OpenHeapBytes is { } openHeap)
        {
            gateway.Add("Live managed heap, dotnet-gcdump (MiB / KiB per stream)", Format.MiB(idleHeap / 1024), Format.MiB(openHeap / 1024), Format.One((openHeap - idleHeap) / 1024.0 / n));
        }

        Console.WriteLine(gateway);
    }

    private static void PrintSweep(BenchOptions options, IReadOnlyList<StreamsRow> rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sweep: one fresh stack per count; one line every {options.LineDelay.TotalSeconds:0.###} s, opened at {options.OpenRate}/s, held {options.Hold.TotalSeconds:0} s."));
        Console.WriteLine();
        var table = new MarkdownTable(">Streams", ">Gateway idle (MiB)", ">Gateway open, median (MiB)", ">**Gateway per stream (KiB)**", ">RssAnon per stream (KiB)", ">Live heap per stream (KiB)", ">Simulator per stream (KiB)", ">Load generator per stream (KiB)", ">All first chunks (s)", ">Ended with [DONE]", ">Failed");
        foreach (var row in rows)
        {
            table.Add(
                Format.Whole(row.Count),
                Format.MiB(row.Idle.GatewayRss),
                Format.MiB(row.Held.GatewayRss),
                "**" + PerStream(row.Held.GatewayRss, row.Idle.GatewayRss, row.Count) + "**",
                PerStream(row.Held.GatewayAnon, row.Idle.GatewayAnon, row.Count),
                row.IdleHeapBytes is { } idleHeap && row.OpenHeapBytes is { } openHeap ? Format.One((openHeap - idleHeap) / 1024.0 / row.Count) : "",
                PerStream(row.Held.SimulatorRss, row.Idle.SimulatorRss, row.Count),
                PerStream(row.Held.ClientRss, row.Idle.ClientRss, row.Count),
                Format.One(row.AllOpenAfter.TotalSeconds),
                $"{Format.Whole(row.Done)} / {Format.Whole(row.Count)}",
                Format.Whole(row.Failed));
        }

        Console.WriteLine(table);
    }

    /// <summary>The measurements at one stream count.</summary>
    private sealed record StreamsRow(
        int Count,
        int Words,
        TimeSpan AllOpenAfter,
        TimeSpan AllEndedAfter,
        MemorySample Idle,
        MemorySample AtAllOpen,
        MemorySample Held,
        MemorySample Peak,
        MemorySample Closed,
        int StillOpen,
        int Failed,
        int Done,
        long? IdleHeapBytes,
        long? OpenHeapBytes)
    {
        /// <summary>Every stream was open through the hold and ended with [DONE].</summary>
        public bool Complete => StillOpen == Count && Done == Count && Failed == 0;
    }
}
