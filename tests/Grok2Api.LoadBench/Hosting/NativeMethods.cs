using System.Runtime.InteropServices;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The libc calls .NET does not expose: sending SIGTERM, so a child shuts down gracefully, and
/// reading and raising the open-file limit, which child processes inherit.
/// </summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    /// <summary><c>RLIMIT_NOFILE</c> on Linux.</summary>
    public const int RlimitNoFile = 7;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int GetRlimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int SetRlimit(int resource, in ResourceLimit limit);

    /// <summary><c>struct rlimit</c> of 64-bit Linux: the soft and the hard limit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
