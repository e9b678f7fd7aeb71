using Grok2Api.LoadBench.Hosting;
using Grok2Api.LoadBench.Reporting;
using Grok2Api.LoadBench.Scenarios;

namespace Grok2Api.LoadBench;

/// <summary>Parses the command line, runs one scenario and makes sure no child process outlives the run.</summary>
internal static class LoadBenchProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == EdgeBackend.Mode)
        {
            // The edge scenario's backend: this program started again as a child process.
            return await EdgeBackend.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == BareYarp.Mode)
        {
            // The edge scenario's framework peer: this program started again as a bare YARP proxy.
            return await BareYarp.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == BareChat.Mode)
        {
            // The throughput scenario's framework peer: this program started again as a bare chat forwarder.
            return await BareChat.RunAsync(args);
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        using var shutdown = new ShutdownSignal();
        try
        {
            var layout = RepoLayout.Locate() with { GatewayDllOverride = options.GatewayDll };
            var machine = MachineInfo.Read(layout);
            Console.WriteLine(machine.ToMarkdown());
            Console.WriteLine();
            if (options.GatewayDll is not null)
            {
                Console.WriteLine("Experiment: the gateway is " + options.GatewayDll + ".");
                Console.WriteLine();
            }

            if (options.GatewayEnvironment.Count > 0)
            {
                Console.WriteLine("Experiment: the gateway runs with " + string.Join(", ", options.GatewayEnvironment.Select(e => $"{e.Key}={e.Value}")) + ".");
                Console.WriteLine();
            }

            await QuietMachine.WaitAsync(options.MaxLoadAverage, options.QuietWait, shutdown.Token);
            return options.Scenario switch
            {
                BenchOptions.ThroughputScenario => await ThroughputScenario.RunAsync(layout, options, shutdown.Token),
                BenchOptions.BigBodiesScenario => await BigBodiesScenario.RunAsync(layout, options, shutdown.Token),
                BenchOptions.StorageScenario => await StorageScenario.RunAsync(layout, options, shutdown.Token),
                BenchOptions.EdgeScenario => await EdgeScenario.RunAsync(layout, options, shutdown.Token),
                BenchOptions.StartupScenario => await StartupScenario.RunAsync(layout, options, shutdown.Token),
                _ => await StreamsScenario.RunAsync(layout, options, shutdown.Token),
            };
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted; the child processes were stopped.");
            return 130;
        }
        catch (BenchException ex)
        {
            await Console.Error.WriteLineAsync("load bench: " + ex.Message);
            return 1;
        }
        finally
        {
            ChildProcess.KillAll();
        }
    }
}
