using System.Globalization;
using System.Net;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Resident memory of the gateway with many slow streaming chats open at once, against its idle
/// memory after a warm-up. The simulator pauses between lines, so every stream stays open for the
/// whole measurement.
/// </summary>
internal static class StreamsScenario
{
    private const int WarmupRequests = 64;
    private static readonly TimeSpan FirstChunkGrace = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        var ramp = TimeSpan.FromSeconds((double)options.Streams / options.OpenRate);
        var streamLength = options.LineDelay * (options.Words + 3);
        var needed = ramp + (3 * options.LineDelay) + options.Hold + TimeSpan.FromSeconds(10);
        if (streamLength < needed)
        {
            throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                $"an answer of {options.Words} words lasts about {streamLength.TotalSeconds:0} s, shorter than the {needed.TotalSeconds:0} s the streams must stay open; raise --words or --line-delay"));
        }

        Console.Error.WriteLine("starting the simulator and the gateway...");
        await using var stack = await BenchStack.StartAsync(
            layout,
            new StackSettings { Tokens = options.Tokens, GatewayEnvironment = options.GatewayEnvironment, LineDelay = options.LineDelay, ChatConcurrent = Math.Max(4096, options.Streams * 2) },
            cancellationToken);

        Console.Error.WriteLine($"warming up with {WarmupRequests} chats (stream and non-stream)...");
        await WarmUpAsync(stack, cancellationToken);
        Console.Error.WriteLine($"settling {options.Settle.TotalSeconds:0} s before the idle sample...");
        await Task.Delay(options.Settle, cancellationToken);
        var idle = MemorySample.Take(stack);

        Console.Error.WriteLine($"opening {options.Streams} streams at {options.OpenRate}/s...");
        using var client = ChatTargets.CreateClient(int.MaxValue);
        using var streams = new OpenStreams(client, ChatTargets.Gateway(stack.GatewayUrl, ChatTargets.GatewayBody(ChatTargets.Prompt(options.Words), stream: true)), options.Streams);
        await streams.OpenAsync(options.OpenRate, cancellationToken);
        try
        {
            await streams.AllStarted.WaitAsync(FirstChunkGrace, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new BenchException($"{streams.Started} of {options.Streams} streams received a first chunk within {FirstChunkGrace.TotalSeconds:0} s of the last opened ({streams.Failed} failed)");
        }

        var allOpenAfter = streams.SinceFirstOpened;
        var atAllOpen = MemorySample.Take(stack);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {options.Streams} streams have their first chunk after {allOpenAfter.TotalSeconds:0.0} s; holding them {options.Hold.TotalSeconds:0} s..."));
        var samples = new List<MemorySample> { atAllOpen };
        for (var waited = TimeSpan.Zero; waited < options.Hold; waited += TimeSpan.FromSeconds(1))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            samples.Add(MemorySample.Take(stack));
        }

        var stillOpen = options.Streams - streams.Ended - streams.Failed;
        var held = MemorySample.Median(samples);
        var peak = samples.MaxBy(s => s.GatewayRss)!;

        Console.Error.WriteLine("closing the streams...");
        await streams.CloseAsync();
        await Task.Delay(options.Settle, cancellationToken);
        var closed = MemorySample.Take(stack);

        Print(options, idle, atAllOpen, held, peak, closed, allOpenAfter, stillOpen, streams.Failed);
        return stillOpen == options.Streams ? 0 : 1;
    }

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

    private static void Print(
        BenchOptions options,
        MemorySample idle,
        MemorySample atAllOpen,
        MemorySample held,
        MemorySample peak,
        MemorySample closed,
        TimeSpan allOpenAfter,
        int stillOpen,
        int failed)
    {
        var n = options.Streams;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} streaming chats (model {ChatTargets.Model}, a {options.Words}-word answer, one line every {options.LineDelay.TotalSeconds:0.###} s from the simulator), " +
            $"opened at {options.OpenRate}/s; all had their first chunk {allOpenAfter.TotalSeconds:0.0} s after the first was opened; " +
            $"held {options.Hold.TotalSeconds:0} s, sampled every second; {stillOpen} still open at the end of the hold, {failed} failed. " +
            $"Idle = {options.Settle.TotalSeconds:0} s after {WarmupRequests} warm-up chats. VmRSS from /proc/<pid>/status."));
        Console.WriteLine();
        static string PerStream(long open, long idle, int n) => Format.One((open - idle) / (double)n);
        var table = new MarkdownTable("", ">Gateway", ">Simulator", ">Load generator");
        table.Add("VmRSS idle (MiB)", Format.MiB(idle.GatewayRss), Format.MiB(idle.SimulatorRss), Format.MiB(idle.ClientRss));
        table.Add($"VmRSS when all {n} have their first chunk (MiB)", Format.MiB(atAllOpen.GatewayRss), Format.MiB(atAllOpen.SimulatorRss), Format.MiB(atAllOpen.ClientRss));
        table.Add($"VmRSS with {n} open, median of the hold (MiB)", Format.MiB(held.GatewayRss), Format.MiB(held.SimulatorRss), Format.MiB(held.ClientRss));
        table.Add($"VmRSS with {n} open, highest sample (MiB)", Format.MiB(peak.GatewayRss), Format.MiB(peak.SimulatorRss), Format.MiB(peak.ClientRss));
        table.Add("**Per open stream, median − idle (KiB)**", "**" + PerStream(held.GatewayRss, idle.GatewayRss, n) + "**", PerStream(held.SimulatorRss, idle.SimulatorRss, n), PerStream(held.ClientRss, idle.ClientRss, n));
        table.Add($"VmRSS {options.Settle.TotalSeconds:0} s after closing them (MiB)", Format.MiB(closed.GatewayRss), Format.MiB(closed.SimulatorRss), Format.MiB(closed.ClientRss));
        Console.WriteLine(table);
        Console.WriteLine();
        var gateway = new MarkdownTable("Gateway detail", ">Idle", $">{n} open (median)", ">Per stream");
        gateway.Add("RssAnon (MiB / KiB per stream)", Format.MiB(idle.GatewayAnon), Format.MiB(held.GatewayAnon), PerStream(held.GatewayAnon, idle.GatewayAnon, n));
        gateway.Add("Threads", Format.Whole(idle.GatewayThreads), Format.Whole(held.GatewayThreads), "");
        Console.WriteLine(gateway);
    }
}
