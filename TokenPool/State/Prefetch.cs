using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// Hints to the CPU to load memory into its caches ahead of use (x86 <c>prefetcht0</c>; a no-op on
/// other processors). A prefetch never faults and changes nothing, so a hint at memory that moved or
/// was freed meanwhile (the GC may compact the heap) only wastes one load.
/// </summary>
internal static class Prefetch
{
    /// <summary>The bytes hinted by <see cref="Entry"/>: a <see cref="TokenEntry"/> spans about five cache lines.</summary>
    private const int EntryBytes = 320;

    private const int LineBytes = 64;

    /// <summary>Hints the fields of <paramref name="entry"/> (its first <see cref="EntryBytes"/> bytes).</summary>
    public static unsafe void Entry(TokenEntry? entry)
    {
        if (!Sse.IsSupported || entry is null)
        {
            return;
        }

        // The reference is the object's address; it is only hinted, never dereferenced through it.
        var address = Unsafe.As<TokenEntry, nint>(ref entry);
        for (var offset = 0; offset < EntryBytes; offset += LineBytes)
        {
            Sse.Prefetch0((void*)(address + offset));
        }
    }

    /// <summary>Hints the element <paramref name="index"/> of <paramref name="array"/> (bounds-checked).</summary>
    public static unsafe void Element<T>(T[] array, int index)
    {
        ref var element = ref array[index];
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref element));
        }
    }
}
