using System.Globalization;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>Reads a process's resident memory from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessStats
{
    /// <summary>VmRSS in KiB (resident memory: anonymous, file-backed and shared pages).</summary>
    public static long ResidentKiB(int pid) => Field(pid, "VmRSS:");

    /// <summary>RssAnon in KiB: the resident anonymous pages (heaps, stacks), without mapped files.</summary>
    public static long AnonymousKiB(int pid) => Field(pid, "RssAnon:");

    /// <summary>VmHWM in KiB: the highest VmRSS since the start or since <see cref="TryResetPeak"/>.</summary>
    public static long PeakKiB(int pid) => Field(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current VmRSS (writes 5 to <c>/proc/&lt;pid&gt;/clear_refs</c>); false when not allowed.</summary>
    public static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The number of threads.</summary>
    public static long Threads(int pid) => Field(pid, "Threads:");

    private static long Field(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var value = line[name.Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        throw new BenchException($"/proc/{pid}/status has no {name}");
    }
}
