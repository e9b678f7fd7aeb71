using System.Globalization;

namespace Grok2Api.LoadBench;

/// <summary>The command line of the load bench.</summary>
internal sealed record BenchOptions
{
    public const string ThroughputScenario = "throughput";
    public const string StreamsScenario = "streams";
    public const string BigBodiesScenario = "bigbodies";
    public const string StorageScenario = "storage";
    public const string EdgeScenario = "edge";
    public const string StartupScenario = "startup";

    public const string Usage = """
        usage: Grok2Api.LoadBench throughput|streams|bigbodies|storage|edge|startup [options]
          common:     --tokens N (accounts in the pool, default 32)
                      --max-load L (wait while the 1-minute load average is above L, default 1.5)
                      --quiet-wait S (longest such wait in seconds, default 600; 0 does not wait)
                      --gateway-env NAME=VALUE (an extra environment variable of the gateway, repeatable; for experiments)
                      --gateway-dll PATH (run another build of the gateway, e.g. a copy of an earlier one, to compare)
          throughput: --warmup S (default 5) --duration S (default 20) --connections 16,64
                      --stack-warmup S (load through the gateway before the first row, default 30: the
                      gateway's JIT needs far longer than a row's warm-up to reach steady state on 2 busy cores)
                      --words N (words of the prompt; the answer echoes it, default 20)
                      --bare-chat on|off (a minimal Kestrel + HttpClient chat forwarder with the gateway's GC
                      settings and none of its code, measured as a third row: the framework's cost of the
                      chat hop; default on)
          streams:    --streams N[,N...] (open streams; a list runs one fresh stack per count and prints a
                      sweep row for each, e.g. 500,1000,2000,5000,10000; default 1000)
                      --line-delay S (simulator pause between lines, default 1)
                      --hold S (how long the streams are held open while memory is sampled, default 10)
                      --open-rate N (streams opened per second, default 250)
                      --settle S (pause before each idle memory sample, default 5)
                      --words N (words of the prompt, one answer line each; default: just enough for the
                      answer to outlast the opening and the hold, so every stream then ends with [DONE])
                      --upstream http|https (the simulator speaks cleartext HTTP/1.1, the default, or HTTPS
                      with HTTP/2 like grok.com: the gateway then needs a few upstream sockets, not one per stream)
                      --gcdump DIR (dotnet-gcdump of the gateway idle and with the streams open, into DIR;
                      needs dotnet-gcdump on PATH or in ~/.dotnet/tools; taken after the RSS samples)
          bigbodies:  --bodies N (chat requests sent at once, default 4) --body-mb N (size of each body, default 40)
                      --rounds N (bursts, each measured from the idle memory before it, default 3)
                      --settle S (pause before each idle memory sample, default 5)
          storage:    --backends local,redis,pgsql,mysql (default all four, one after the other)
                      --duration S (measured per backend, default 20) --connections N (the first value counts, default 32)
                      --stack-warmup S (load before each measured window, default 10) --words N (default 20)
          edge:       --connections N (the first value counts, default 64) --warmup S (default 3) --duration S (default 10)
                      --stack-warmup S (load through the gateway before the first row, default 30: at 10 s the
                      tiered JIT still used a quarter of the gateway's CPU on 2 busy cores)
                      --nginx PATH (default /usr/sbin/nginx) --portkey PATH|off (the Portkey gateway's package
                      directory or start-server.js; default: npm-installed once under ~/.cache/grok2api-loadbench/portkey)
                      --bare-yarp on|off (a minimal Kestrel + YARP app with the same route and GC settings and
                      no logging, the framework's cost without the gateway's code; default on)
                      --bare-yarp-env NAME=VALUE (an extra environment variable of the bare YARP peer, repeatable;
                      e.g. to measure the framework alone with a runtime setting)
                      --baseline-dll PATH (a second gateway build, e.g. a copy of an earlier one, measured as
                      its own row in the same run, for a side-by-side before/after)
                      --baseline-env NAME=VALUE (an extra environment variable of that second gateway, repeatable;
                      without --baseline-dll the second gateway is this build, e.g. to compare a GC mode)
                      --rounds N (every row N times, interleaved; the ratio tables give the medians, default 1)
                      --perf DIR (perf record -F 999 -g of each .NET proxy's measured window into DIR; the
                      .NET proxies then run with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
          startup:    --tokens N (records in token.json and tokens imported, default 100000)
                      --runs N (starts per token count, and imports, default 5)
        """;

    public required string Scenario { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StackWarmup { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<int> Connections { get; init; } = [16, 64];

    /// <summary>The stream counts of the streams scenario, one measured stack each.</summary>
    public IReadOnlyList<int> StreamCounts { get; init; } = [1000];

    /// <summary>The simulator serves HTTPS with HTTP/2 (<c>--upstream https</c>).</summary>
    public bool UpstreamTls { get; init; }

    /// <summary>Where the streams scenario writes gateway heap dumps, or null for none.</summary>
    public string? GcDumpDirectory { get; init; }

    public TimeSpan LineDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(10);

    public int OpenRate { get; init; } = 250;

    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    public int Words { get; init; }

    public int Tokens { get; init; } = 32;

    public int Bodies { get; init; } = 4;

    public int BodyMb { get; init; } = 40;

    public int Rounds { get; init; } = 3;

    public int Runs { get; init; } = 5;

    public double MaxLoadAverage { get; init; } = 1.5;

    public TimeSpan QuietWait { get; init; } = TimeSpan.FromMinutes(10);

    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    public string? GatewayDll { get; init; }

    public IReadOnlyList<string> Backends { get; init; } = ["local", "redis", "pgsql", "mysql"];

    /// <summary>The nginx binary of the edge scenario.</summary>
    public string Nginx { get; init; } = "/usr/sbin/nginx";

    /// <summary>The Portkey gateway of the edge scenario: a path, "off", or null for the npm-installed package.</summary>
    public string? Portkey { get; init; }

    /// <summary>The throughput scenario runs the bare chat forwarder (<c>--bare-chat</c>).</summary>
    public bool BareChat { get; init; } = true;

    /// <summary>The edge scenario runs the bare YARP peer (<c>--bare-yarp</c>).</summary>
    public bool BareYarp { get; init; } = true;

    /// <summary>Extra environment of the edge scenario's bare YARP peer (<c>--bare-yarp-env</c>).</summary>
    public IReadOnlyDictionary<string, string> BareYarpEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>A second gateway build the edge scenario measures beside the current one, or null.</summary>
    public string? BaselineDll { get; init; }

    /// <summary>Extra environment of the edge scenario's second gateway (<c>--baseline-env</c>).</summary>
    public IReadOnlyDictionary<string, string> BaselineEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the edge scenario writes perf recordings of the .NET proxies, or null for none.</summary>
    public string? PerfDirectory { get; init; }

    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not (ThroughputScenario or StreamsScenario or BigBodiesScenario or StorageScenario or EdgeScenario or StartupScenario))
        {
            return (null, "name a scenario: throughput, streams, bigbodies, storage, edge or startup");
        }

        var options = new BenchOptions { Scenario = args[0], Words = args[0] switch { ThroughputScenario or StorageScenario => 20, StreamsScenario => 0, _ => 90 } };
        if (args[0] == StorageScenario)
        {
            options = options with { Connections = [32], StackWarmup = TimeSpan.FromSeconds(10) };
        }

        if (args[0] == EdgeScenario)
        {
            options = options with { Connections = [64], Warmup = TimeSpan.FromSeconds(3), Duration = TimeSpan.FromSeconds(10), StackWarmup = TimeSpan.FromSeconds(30), Rounds = 1 };
        }

        if (args[0] == StartupScenario)
        {
            options = options with { Tokens = 100_000 };
        }

        for (var i = 1; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return (null, $"{args[i]} needs a value");
            }

            var value = args[i + 1];
            try
            {
                options = args[i] switch
                {
                    "--warmup" => options with { Warmup = Seconds(value, 0) },
                    "--stack-warmup" => options with { StackWarmup = Seconds(value, 0) },
                    "--duration" => options with { Duration = Seconds(value, 1) },
                    "--connections" => options with { Connections = [.. value.Split(',').Select(v => Whole(v, 1))] },
                    "--streams" => options with { StreamCounts = [.. value.Split(',').Select(v => Whole(v, 1))] },
                    "--upstream" => options with { UpstreamTls = value switch { "https" => true, "http" => false, _ => throw new FormatException("http or https") } },
                    "--gcdump" => options with { GcDumpDirectory = Path.GetFullPath(value) },
                    "--line-delay" => options with { LineDelay = Seconds(value, 0) },
                    "--hold" => options with { Hold = Seconds(value, 0) },
                    "--settle" => options with { Settle = Seconds(value, 0) },
                    "--open-rate" => options with { OpenRate = Whole(value, 1) },
                    "--words" => options with { Words = Whole(value, 1) },
                    "--tokens" => options with { Tokens = Whole(value, 1) },
                    "--bodies" => options with { Bodies = Whole(value, 1) },
                    "--body-mb" => options with { BodyMb = Whole(value, 1) },
                    "--rounds" => options with { Rounds = Whole(value, 1) },
                    "--runs" => options with { Runs = Whole(value, 1) },
                    "--max-load" => options with { MaxLoadAverage = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--quiet-wait" => options with { QuietWait = Seconds(value, 0) },
                    "--gateway-dll" => options with { GatewayDll = File.Exists(value) ? Path.GetFullPath(value) : throw new FormatException("no such file") },
                    "--gateway-env" => options with { GatewayEnvironment = With(options.GatewayEnvironment, value) },
                    "--backends" => options with { Backends = ParseBackends(value) },
                    "--nginx" => options with { Nginx = File.Exists(value) ? Path.GetFullPath(value) : throw new FormatException("no such file") },
                    "--portkey" => options with { Portkey = value == "off" ? value : Path.GetFullPath(value) },
                    "--bare-chat" => options with { BareChat = value switch { "on" => true, "off" => false, _ => throw new FormatException("on or off") } },
                    "--bare-yarp" => options with { BareYarp = value switch { "on" => true, "off" => false, _ => throw new FormatException("on or off") } },
                    "--baseline-env" => options with { BaselineEnvironment = With(options.BaselineEnvironment, value) },
                    "--bare-yarp-env" => options with { BareYarpEnvironment = With(options.BareYarpEnvironment, value) },
                    "--perf" => options with { PerfDirectory = Directory.CreateDirectory(value).FullName },
                    "--baseline-dll" => options with { BaselineDll = File.Exists(value) ? Path.GetFullPath(value) : throw new FormatException("no such file") },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException ex)
            {
                return (null, $"{args[i]} {value}: {ex.Message}");
            }
        }

        return (options, null);
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> environment, string assignment)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException("must be NAME=VALUE");
        }

        return new Dictionary<string, string>(environment) { [assignment[..eq]] = assignment[(eq + 1)..] };
    }

    private static string[] ParseBackends(string value)
    {
        var backends = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return backends.Length > 0 && backends.All(b => b is "local" or "redis" or "pgsql" or "mysql")
            ? backends
            : throw new FormatException("a comma-separated list of local, redis, pgsql, mysql");
    }

    private static TimeSpan Seconds(string value, double min)
    {
        var seconds = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return seconds >= min ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"must be at least {min}");
    }

    private static int Whole(string value, int min)
    {
        var number = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return number >= min ? number : throw new FormatException($"must be at least {min}");
    }
}
