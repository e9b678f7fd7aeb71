using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Grok2Api.LoadBench.Hosting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// A <c>dotnet-gcdump</c> of the gateway (a full collection, then the live objects), written next to
/// its <c>report</c> as text; the total live heap is read from the report.
/// </summary>
internal static partial class GcDump
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Collects <c>DIR/name.gcdump</c> and <c>DIR/name.txt</c>; the live heap in bytes, or null when no directory is given or the tool failed.</summary>
    public static async Task<long?> TakeAsync(string? directory, BenchStack stack, string name, CancellationToken cancellationToken)
    {
        if (directory is null)
        {
            return null;
        }

        var dump = Path.Combine(directory, name + ".gcdump");
        var (collected, collectOutput) = await RunAsync(["collect", "-p", stack.Gateway.Id.ToString(CultureInfo.InvariantCulture), "-o", dump], cancellationToken);
        if (!collected || !File.Exists(dump))
        {
            Console.Error.WriteLine($"dotnet-gcdump collect failed: {collectOutput}");
            return null;
        }

        var (reported, report) = await RunAsync(["report", dump], cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".txt"), report, cancellationToken);
        // The report's first line: "<bytes>  GC Heap bytes".
        return reported && TotalPattern().Match(report) is { Success: true } match
            ? long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
            : null;
    }

    private static string Tool()
    {
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        return File.Exists(home) ? home : "dotnet-gcdump";
    }

    private static async Task<(bool Ok, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Tool()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new BenchException("dotnet-gcdump did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (false, "timed out");
        }

        return (process.ExitCode == 0, await output + await error);
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex TotalPattern();
}
