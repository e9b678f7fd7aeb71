using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Load;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Peak resident memory of the gateway while a few large chat bodies are in flight at once: each
/// body is a short prompt plus inline data-URI images of up to 20 MiB of base64 each (within the
/// default <c>asset.fetch_max_mb</c>), sent with a Content-Length at the same moment. The gateway's
/// VmRSS is sampled every 5 ms (and its VmHWM read, reset before each burst) from the idle memory
/// before the burst until every answer has been read. Bounded: each request has a 120 s timeout.
/// </summary>
internal static class BigBodiesScenario
{
    private const long MiB = 1024 * 1024;
    private const int MaxPartBase64 = 20 * 1024 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("starting the simulator and the gateway...");
        await using var stack = await BenchStack.StartAsync(
            layout,
            new StackSettings
            {
                Tokens = options.Tokens,
                GatewayEnvironment = options.GatewayEnvironment,
                SimulatorMaxRequestBodyBytes = 256 * MiB,
            },
            cancellationToken);

        var body = Body(options.BodyMb * MiB);
        using var client = ChatTargets.CreateClient(options.Bodies);
        client.Timeout = RequestTimeout;
        var chat = new Uri(stack.GatewayUrl, "v1/chat/completions");

        Console.Error.WriteLine("warming up with small chats, with and without an attachment...");
        var small = Body(256 * 1024);
        for (var i = 0; i < 8; i++)
        {
            var (status, text) = await SendAsync(client, chat, i % 2 == 0 ? small : ChatTargets.GatewayBody("warm up", stream: false), cancellationToken);
            if (status != HttpStatusCode.OK)
            {
                throw new BenchException($"a warm-up chat answered {(int)status}: {text}");
            }
        }

        var rounds = new List<Round>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            await stack.ClearSimulatorRecordingAsync(cancellationToken);
            Console.Error.WriteLine($"round {round}: settling {options.Settle.TotalSeconds:0} s, then {options.Bodies} bodies of {body.Length / (double)MiB:0.0} MiB at once...");
            await Task.Delay(options.Settle, cancellationToken);
            rounds.Add(await BurstAsync(stack, client, chat, body, options.Bodies, cancellationToken));
        }

        Print(options, body.Length, rounds);
        return rounds.All(r => r.Statuses.All(s => s == HttpStatusCode.OK)) ? 0 : 1;
    }

    private static async Task<Round> BurstAsync(BenchStack stack, HttpClient client, Uri chat, byte[] body, int bodies, CancellationToken cancellationToken)
    {
        var pid = stack.Gateway.Id;
        var idle = ProcessStats.ResidentKiB(pid);
        var hwmReset = ProcessStats.TryResetPeak(pid);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(() => Sample(pid, sampling.Token), CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, bodies).Select(_ => SendAsync(client, chat, body, cancellationToken)));
        watch.Stop();
        await sampling.CancelAsync();
        var sampled = await sampler;
        var peak = hwmReset ? Math.Max(sampled, ProcessStats.PeakKiB(pid)) : sampled;
        return new Round(idle, peak, hwmReset, watch.Elapsed, [.. answers.Select(a => a.Status)], answers.FirstOrDefault(a => a.Status != HttpStatusCode.OK).Text);
    }

    private static long Sample(int pid, CancellationToken cancellationToken)
    {
        var peak = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, ProcessStats.ResidentKiB(pid));
            Thread.Sleep(5);
        }

        return Math.Max(peak, ProcessStats.ResidentKiB(pid));
    }

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient client, Uri chat, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, chat) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode, text.Length > 300 ? text[..300] : text);
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, "client timeout");
        }
    }

    /// <summary>A chat body of about <paramref name="size"/> bytes: a prompt and data-URI images of at most 20 MiB of base64 each.</summary>
    private static byte[] Body(long size)
    {
        var parts = (int)Math.Ceiling(size / (double)MaxPartBase64);
        var perPart = (int)((size - 200 - (parts * 100)) / parts) / 4 * 4;
        var random = new Random(42);
        var json = new StringBuilder((int)size + 1024);
        json.Append("""{"model":"grok-3","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"what is in these pictures?"}""");
        for (var i = 0; i < parts; i++)
        {
            var bytes = new byte[perPart / 4 * 3];
            random.NextBytes(bytes);
            json.Append(""",{"type":"image_url","image_url":{"url":"data:image/png;base64,""").Append(Convert.ToBase64String(bytes)).Append("\"}}");
        }

        json.Append("]}]}");
        return Encoding.ASCII.GetBytes(json.ToString());
    }

    private static void Print(BenchOptions options, long bodyBytes, List<Round> rounds)
    {
        var inFlight = options.Bodies * bodyBytes / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Bodies} chat bodies of {bodyBytes / (double)MiB:0.0} MiB each (a prompt and data-URI images of at most 20 MiB of base64 each), sent at once with a Content-Length, non-stream, model {ChatTargets.Model}; " +
            $"in flight: {inFlight / 1024:0.0} MiB. Idle = VmRSS {options.Settle.TotalSeconds:0} s after the previous burst (or the warm-up); peak = the highest VmRSS sampled every 5 ms and VmHWM (reset before each burst)."));
        Console.WriteLine();
        var table = new MarkdownTable("Round", ">Idle VmRSS (MiB)", ">Peak VmRSS (MiB)", ">Growth over this idle (MiB)", ">Growth / bytes in flight", ">Peak − first idle (MiB)", ">Seconds", "Answers");
        var number = 1;
        foreach (var round in rounds)
        {
            var growth = round.PeakKiB - round.IdleKiB;
            var answers = string.Join(", ", round.Statuses.GroupBy(s => (int)s).Select(g => $"{g.Count()}× {(g.Key == 0 ? "failed" : g.Key.ToString(CultureInfo.InvariantCulture))}"));
            table.Add(
                number++.ToString(CultureInfo.InvariantCulture),
                Format.MiB(round.IdleKiB),
                Format.MiB(round.PeakKiB) + (round.HwmReset ? "" : " (sampled only)"),
                Format.MiB(growth),
                (growth / inFlight).ToString("0.00", CultureInfo.InvariantCulture),
                Format.MiB(round.PeakKiB - rounds[0].IdleKiB),
                round.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                answers);
        }

        Console.WriteLine(table);
        if (rounds.FirstOrDefault(r => r.FirstError is not null) is { FirstError: { } error })
        {
            Console.WriteLine();
            Console.WriteLine("First answer other than 200: " + error);
        }
    }

    private sealed record Round(long IdleKiB, long PeakKiB, bool HwmReset, TimeSpan Elapsed, IReadOnlyList<HttpStatusCode> Statuses, string? FirstError);
}
