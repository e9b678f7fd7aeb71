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

    /// <summary>
    /// User plus system CPU of <paramref name="pid"/> and all its live descendants, from
    /// <c>/proc/*/stat</c> (utime and stime in clock ticks of 10 ms). nginx serves from worker
    /// processes, whose time the master's own counters never show.
    /// </summary>
    public static TimeSpan TreeCpuTime(int pid)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // The command name (field 2) is in parentheses and may hold spaces: fields count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[id] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks[id] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        long total = 0;
        foreach (var (id, used) in ticks)
        {
            for (var at = id; at > 1; at = parents.GetValueOrDefault(at))
            {
                if (at == pid)
                {
                    total += used;
                    break;
                }
            }
        }

        return TimeSpan.FromMilliseconds(total * 10);
    }

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
