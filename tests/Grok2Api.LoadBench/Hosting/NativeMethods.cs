using System.Runtime.InteropServices;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>The one libc call .NET does not expose: sending SIGTERM, so a child shuts down gracefully.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Kill(int pid, int signal);
}
