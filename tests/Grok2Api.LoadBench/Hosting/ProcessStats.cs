using System.Globalization;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>Reads a process's resident memory from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessStats
{
    /// <summary>VmRSS in KiB (resident memory: anonymous, file-backed and shared pages).</summary>
    public static long ResidentKiB(int pid) => Field(pid, "VmRSS:");

    /// <summary>RssAnon in KiB: the resident anonymous pages (heaps, stacks), without mapped files.</summary>
    public static long AnonymousKiB(int pid) => Field(pid, "RssAnon:");

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
