using System.Globalization;
using System.Runtime.InteropServices;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// Raises this process's open-file limit (<c>RLIMIT_NOFILE</c>) before the children start, so the
/// simulator and the gateway inherit it: with N streams the gateway holds N client sockets and N
/// upstream sockets, the simulator N and the load generator N. Raising the hard limit needs
/// CAP_SYS_RESOURCE (root); without it the soft limit goes up to the hard one and the bench says how
/// to raise it (<c>ulimit -n</c>).
/// </summary>
internal static class OpenFileLimit
{
    /// <summary>Sockets and files a process needs besides the streams (runtime, logs, listeners, spare).</summary>
    private const int Spare = 4096;

    /// <summary>Makes at least <paramref name="sockets"/> plus a spare of 4,096 descriptors available; returns the soft limit now in force.</summary>
    /// <param name="sockets">The most sockets one process of the bench holds at once.</param>
    public static ulong Ensure(int sockets)
    {
        var wanted = (ulong)(sockets + (long)Spare);
        if (NativeMethods.GetRlimit(NativeMethods.RlimitNoFile, out var limit) != 0)
        {
            throw new BenchException($"getrlimit(RLIMIT_NOFILE) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (limit.Current >= wanted)
        {
            return limit.Current;
        }

        var raised = new NativeMethods.ResourceLimit { Current = wanted, Maximum = Math.Max(limit.Maximum, wanted) };
        if (NativeMethods.SetRlimit(NativeMethods.RlimitNoFile, raised) == 0)
        {
            return wanted;
        }

        // Not allowed to raise the hard limit: take what it allows.
        var soft = new NativeMethods.ResourceLimit { Current = limit.Maximum, Maximum = limit.Maximum };
        _ = NativeMethods.SetRlimit(NativeMethods.RlimitNoFile, soft);
        if (limit.Maximum < wanted)
        {
            throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                $"the run needs about {wanted} open files in the gateway's process; the hard limit is {limit.Maximum} and this user may not raise it: run as root or raise it first (ulimit -Hn {wanted}; ulimit -n {wanted})"));
        }

        return limit.Maximum;
    }

    /// <summary>The size of the kernel's ephemeral port range (<c>net.ipv4.ip_local_port_range</c>), or null where unreadable.</summary>
    public static int? EphemeralPorts()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(parts[1], CultureInfo.InvariantCulture) - int.Parse(parts[0], CultureInfo.InvariantCulture) + 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
