using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The owner (user and group ids) of a file on Linux, read with <c>statx(2)</c> and set with
/// <c>fchown(2)</c>: .NET has no API for either. <c>statx</c>'s buffer has the same layout on every
/// architecture, unlike <c>struct stat</c>. Where the C library lacks them (not Linux, an old libc),
/// the owner is simply not known and nothing is changed.
/// </summary>
internal static partial class UnixFileOwner
{
    private const string LibC = "libc";
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;

    /// <summary>The user and group ids of <paramref name="path"/> (symbolic links followed), or null when unknown.</summary>
    public static (uint User, uint Group)? TryGet(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Statx(AtFdCwd, path, 0, StatxUid | StatxGid, out var buffer) == 0
                && (buffer.Mask & (StatxUid | StatxGid)) == (StatxUid | StatxGid)
                    ? (buffer.Uid, buffer.Gid)
                    : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives the open file <paramref name="file"/> the owner <paramref name="owner"/>. Only root can give
    /// a file away, so for anyone else this is a no-op that returns false.
    /// </summary>
    public static bool TrySet(SafeFileHandle file, (uint User, uint Group) owner)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Fchown(file, owner.User, owner.Group) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport(LibC, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(LibC, EntryPoint = "fchown", SetLastError = true)]
    private static partial int Fchown(SafeFileHandle file, uint user, uint group);

    /// <summary>The start of <c>struct statx</c> (256 bytes in all): mask at 0, uid at 20, gid at 24.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;
    }
}
