using System.Globalization;
using Grok2Api.Configuration;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.Storage.KillHarness;

/// <summary>
/// Usage: <c>Grok2Api.Storage.KillHarness &lt;data-dir&gt; [--iterations N] [--seed N] [--save-delay-ms N]</c>.
/// Takes the data directory lock (exit code 3 with the lock message on stderr when refused), loads
/// token.json and config.toml, prints <c>READY &lt;pid&gt;</c>, then runs its loops until killed (or N rounds, then
/// flushes and exits 0).
/// </summary>
internal static class Program
{
    public const int LockRefusedExitCode = 3;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: Grok2Api.Storage.KillHarness <data-dir> [--iterations N] [--seed N] [--save-delay-ms N]");
            return 2;
        }

        var dataDirectory = Path.GetFullPath(args[0]);
        var iterations = Option(args, "--iterations", 0);
        var seed = Option(args, "--seed", Random.Shared.Next());
        var saveDelayMs = Option(args, "--save-delay-ms", 5);

        DataDirectoryLock dataLock;
        try
        {
            dataLock = DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (DataDirectoryLockedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return LockRefusedExitCode;
        }

        using (dataLock)
        {
            await using var services = BuildServices(dataDirectory, saveDelayMs);
            var hosted = services.GetServices<IHostedService>().ToArray();
            foreach (var service in hosted)
            {
                await service.StartAsync(CancellationToken.None);
            }

            var loaded = await services.GetRequiredService<ITokenStore>().LoadAsync(CancellationToken.None);
            var source = new HarnessTokenSource(loaded);
            var writeBehind = services.GetRequiredService<ITokenWriteBehind>();
            writeBehind.Attach(source);
            var output = new HarnessOutput(Console.Out);
            output.WriteLines([string.Create(CultureInfo.InvariantCulture, $"READY {Environment.ProcessId}")]);

            var loggers = services.GetRequiredService<ILoggerFactory>();
            using var config = await LiveConfig.LoadAsync(
                new LocalConfigStore(dataDirectory, loggers.CreateLogger<LocalConfigStore>()), loggers.CreateLogger<LiveConfig>(), CancellationToken.None);
            IHarnessLoop[] loops =
            [
                new TokenChurnLoop(source, writeBehind, output, TimeProvider.System, new Random(seed)),
                new ConfigChurnLoop(config, output),
            ];
            await Task.WhenAll(loops.Select(loop => loop.RunAsync(iterations, CancellationToken.None)));

            foreach (var service in hosted.Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }

        return 0;
    }

    private static ServiceProvider BuildServices(string dataDirectory, int saveDelayMs)
    {
        var token = new TokenSection { SaveDelayMs = saveDelayMs };
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Grok2Api.Configuration", LogLevel.Error)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton(new StorageSettings(dataDirectory, StorageKind.Local, ""));
        services.AddSingleton<IOptionsMonitor<TokenSection>>(new FixedOptionsMonitor<TokenSection>(token));
        services.AddLocalTokenStore();
        services.AddTokenWriteBehind();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
