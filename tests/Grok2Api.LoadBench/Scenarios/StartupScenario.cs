using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// How long the gateway takes to start with a large <c>token.json</c>, and how long an import of as
/// many tokens through the admin API takes. For 0 and <c>--tokens</c> tokens, <c>--runs</c> times
/// each: a data directory with a config.toml and a token.json of realistic records (several pools,
/// every status, tags, notes, an unknown field now and then) is written once; the gateway process is
/// started on a free loopback port and <c>/health</c> is polled every 10 ms until its first 200 (at
/// most 60 s); the time from the process start to that answer and the resident memory at that
/// moment are recorded; the process is stopped. Then, per run, a fresh gateway with no tokens gets
/// all the tokens in one <c>POST /v1/admin/tokens</c>, timed from the request to the response.
/// No simulator is needed: the upstream URLs point at a closed port and nothing calls them.
/// </summary>
internal static class StartupScenario
{
    private const string AdminKey = "grok2api";
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(RepoLayout layout, BenchOptions options, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(120),
        };

        var rows = new List<(int Tokens, List<StartSample> Samples, long FileBytes)>();
        foreach (var count in new[] { 0, options.Tokens })
        {
            var directory = Directory.CreateTempSubdirectory("grok2api-startup-").FullName;
            try
            {
                var fileBytes = await WriteDataDirectoryAsync(directory, count, cancellationToken);
                var samples = new List<StartSample>();
                for (var run = 1; run <= options.Runs; run++)
                {
                    Console.Error.WriteLine($"{count} tokens, run {run} of {options.Runs}: starting the gateway...");
                    var (sample, gateway) = await StartAsync(layout, options, directory, client, cancellationToken);
                    await gateway.DisposeAsync();
                    Console.Error.WriteLine($"  healthy after {sample.Elapsed.TotalMilliseconds:0} ms, {Format.MiB(sample.ResidentKiB)} MiB resident");
                    samples.Add(sample);
                }

                rows.Add((count, samples, fileBytes));
            }
            finally
            {
                TryDelete(directory);
            }
        }

        var imports = new List<TimeSpan>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var directory = Directory.CreateTempSubdirectory("grok2api-import-").FullName;
            try
            {
                await WriteDataDirectoryAsync(directory, 0, cancellationToken);
                Console.Error.WriteLine($"import run {run} of {options.Runs}: starting an empty gateway...");
                var (sample, gateway) = await StartAsync(layout, options, directory, client, cancellationToken);
                await using (gateway)
                {
                    var elapsed = await ImportAsync(client, sample.Url, options.Tokens, run, cancellationToken);
                    Console.Error.WriteLine($"  imported {options.Tokens} tokens in {elapsed.TotalMilliseconds:0} ms");
                    imports.Add(elapsed);
                }
            }
            finally
            {
                TryDelete(directory);
            }
        }

        Print(options, rows, imports);
        return 0;
    }

    private static async Task<(StartSample Sample, ChildProcess Gateway)> StartAsync(
        RepoLayout layout, BenchOptions options, string directory, HttpClient client, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>(options.GatewayEnvironment)
        {
            ["DATA_DIR"] = directory,
            ["SERVER_HOST"] = "127.0.0.1",
            ["SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["LOG_LEVEL"] = "INFO", // the service's default, request log on
            ["LOG_FILE_ENABLED"] = "false",
        };
        var probe = new Uri(url, "health");
        var watch = Stopwatch.StartNew();
        var gateway = ChildProcess.Start("gateway", layout.ProxyDll, [], environment, directory);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (gateway.HasExited)
                {
                    throw new BenchException($"the gateway exited during start:{Environment.NewLine}{gateway.Tail()}");
                }

                if (watch.Elapsed > HealthyWithin)
                {
                    throw new BenchException($"the gateway was not healthy within {HealthyWithin.TotalSeconds:0} s:{Environment.NewLine}{gateway.Tail()}");
                }

                try
                {
                    using var response = await client.GetAsync(probe, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var elapsed = watch.Elapsed;
                        return (new StartSample(elapsed, gateway.ResidentKiB(), url), gateway);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(PollEvery, cancellationToken);
            }
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task<TimeSpan> ImportAsync(HttpClient client, Uri gateway, int count, int run, CancellationToken cancellationToken)
    {
        var tokens = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            tokens.Add(TokenValue(new Random(unchecked((run * 7919) + i)), i));
        }

        var body = Encoding.UTF8.GetBytes(new JsonObject { ["pool"] = "ssoBasic", ["tokens"] = tokens }.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "v1/admin/tokens"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        watch.Stop();
        if (!response.IsSuccessStatusCode || answer?["added"]?.GetValue<int>() != count)
        {
            throw new BenchException($"the import answered {(int)response.StatusCode}: {answer?.ToJsonString()}");
        }

        return watch.Elapsed;
    }

    /// <summary>Writes config.toml and token.json; returns the size of token.json.</summary>
    private static async Task<long> WriteDataDirectoryAsync(string directory, int count, CancellationToken cancellationToken)
    {
        // Upstream URLs at a port nothing listens on: no token is refreshed (auto_refresh off), no chat is sent.
        var closed = $"http://127.0.0.1:{FreePort.Next()}";
        await File.WriteAllTextAsync(Path.Combine(directory, "config.toml"), $"""
            [app]
            app_key = "{AdminKey}"
            api_key = ""

            [token]
            auto_refresh = false

            [upstream]
            base_url = "{closed}"
            assets_url = "{closed}"
            accounts_url = "{closed}"
            """, cancellationToken);
        if (count == 0)
        {
            return 0;
        }

        var path = Path.Combine(directory, "token.json");
        await using (var file = File.Create(path))
        {
            await using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            WriteTokenFile(writer, count);
        }

        return new FileInfo(path).Length;
    }

    /// <summary>
    /// Token records like a pool that has served for a while: 70 % ssoBasic, 28 % ssoSuper, 2 % in a
    /// pool this version does not serve; mostly active, some cooling, expired or disabled; some with
    /// tags, a note, a failure, an unknown field; one in fifty a bare string.
    /// </summary>
    private static void WriteTokenFile(Utf8JsonWriter writer, int count)
    {
        var random = new Random(20261206);
        var pools = new[] { ("ssoBasic", 70), ("ssoSuper", 28), ("ssoLegacy", 2) };
        var baseTime = 1_760_000_000_000L;
        var next = 0;
        writer.WriteStartObject();
        foreach (var (pool, percent) in pools)
        {
            var inPool = pool == "ssoLegacy" ? count - next : (int)((long)count * percent / 100);
            writer.WriteStartArray(pool);
            for (var i = 0; i < inPool; i++, next++)
            {
                var token = TokenValue(random, next);
                if (next % 50 == 49)
                {
                    writer.WriteStringValue(token);
                    continue;
                }

                var roll = random.Next(100);
                var status = roll < 85 ? "active" : roll < 93 ? "cooling" : roll < 98 ? "expired" : "disabled";
                var created = baseTime + (next * 1000L);
                var used = random.Next(4) == 0 ? (long?)null : created + random.Next(1, 86_400_000);
                var failed = status == "expired" || random.Next(20) == 0;
                writer.WriteStartObject();
                writer.WriteString("token", token);
                writer.WriteString("status", status);
                writer.WriteNumber("quota", status == "cooling" ? 0 : random.Next(1, pool == "ssoSuper" ? 140 : 80));
                writer.WriteNumber("created_at", created);
                WriteNullable(writer, "last_used_at", used);
                writer.WriteNumber("use_count", used is null ? 0 : random.Next(1, 5000));
                writer.WriteNumber("fail_count", failed ? random.Next(1, 4) : 0);
                WriteNullable(writer, "last_fail_at", failed ? created + 3_600_000 : null);
                if (failed)
                {
                    writer.WriteString("last_fail_reason", "app_chat_auth_failed");
                }
                else
                {
                    writer.WriteNull("last_fail_reason");
                }

                WriteNullable(writer, "last_sync_at", used is null ? null : used + 60_000);
                writer.WriteStartArray("tags");
                if (random.Next(10) == 0)
                {
                    writer.WriteStringValue("nsfw");
                }

                if (random.Next(25) == 0)
                {
                    writer.WriteStringValue("team-" + random.Next(8).ToString(CultureInfo.InvariantCulture));
                }

                writer.WriteEndArray();
                writer.WriteString("note", random.Next(20) == 0 ? "bought 2025-11, batch " + random.Next(100).ToString(CultureInfo.InvariantCulture) : "");
                WriteNullable(writer, "last_asset_clear_at", random.Next(30) == 0 ? created + 7_200_000 : null);
                if (random.Next(100) == 0)
                {
                    writer.WriteString("origin", "imported");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A JWT-shaped SSO cookie value (about 170 characters), unique by <paramref name="index"/>.</summary>
    private static string TokenValue(Random random, int index)
    {
        Span<byte> bytes = stackalloc byte[90];
        random.NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes, index);
        var payload = Convert.ToBase64String(bytes[..60]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signature = Convert.ToBase64String(bytes[60..]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return "eyJhbGciOiJIUzI1NiJ9." + payload + "." + signature;
    }

    private static void Print(BenchOptions options, List<(int Tokens, List<StartSample> Samples, long FileBytes)> rows, List<TimeSpan> imports)
    {
        Console.WriteLine($"Start-up: process start to the first 200 from /health (polled every {PollEvery.TotalMilliseconds:0} ms), {options.Runs} runs each; resident memory at that moment.");
        Console.WriteLine();
        var table = new MarkdownTable("tokens", ">token.json MiB", ">median ms", ">min ms", ">max ms", ">median RSS MiB", ">max RSS MiB");
        foreach (var (tokens, samples, fileBytes) in rows)
        {
            var times = samples.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
            var rss = samples.Select(s => (double)s.ResidentKiB).Order().ToArray();
            table.Add(
                Format.Whole(tokens),
                Format.One(fileBytes / 1048576.0),
                Format.Whole(Median(times)),
                Format.Whole(times[0]),
                Format.Whole(times[^1]),
                Format.MiB((long)Median(rss)),
                Format.MiB((long)rss[^1]));
        }

        Console.WriteLine(table);
        Console.WriteLine();
        Console.WriteLine($"Import: {Format.Whole(options.Tokens)} tokens in one POST /v1/admin/tokens into a running gateway with none, request to response, {imports.Count} runs.");
        Console.WriteLine();
        var importTable = new MarkdownTable("tokens", ">median ms", ">min ms", ">max ms");
        var importTimes = imports.Select(i => i.TotalMilliseconds).Order().ToArray();
        importTable.Add(Format.Whole(options.Tokens), Format.Whole(Median(importTimes)), Format.Whole(importTimes[0]), Format.Whole(importTimes[^1]));
        Console.WriteLine(importTable);
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

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

    private sealed record StartSample(TimeSpan Elapsed, long ResidentKiB, Uri Url);
}
