using System.Runtime.InteropServices;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>Sending a signal to a child (SIGTERM for a graceful stop, SIGKILL for a crash); who the tests run as.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial uint GetEuid();
}
