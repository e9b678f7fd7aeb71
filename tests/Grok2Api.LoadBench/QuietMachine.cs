using System.Globalization;
using Grok2Api.LoadBench.Reporting;

namespace Grok2Api.LoadBench;

/// <summary>Waits (bounded) until the machine's 1-minute load average is low enough to measure.</summary>
internal static class QuietMachine
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    public static async Task WaitAsync(double maxLoad, TimeSpan longest, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var load = MachineInfo.LoadAverage();
        while (load > maxLoad && waited < longest)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"load average {load:0.00} > {maxLoad:0.00}; waiting ({waited.TotalSeconds:0} s of at most {longest.TotalSeconds:0} s)"));
            await Task.Delay(Poll, cancellationToken);
            waited += Poll;
            load = MachineInfo.LoadAverage();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average at start: {load:0.00}{(load > maxLoad ? " (above the limit: figures are disturbed)" : "")}."));
        Console.WriteLine();
    }
}
