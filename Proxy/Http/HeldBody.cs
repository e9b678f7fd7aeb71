using System.Buffers;

namespace Grok2Api.Proxy.Http;

/// <summary>
/// A request body held in memory once, for the life of the request: in an array rented from the
/// shared pool when its length was declared (so the next large request reuses it rather than
/// growing the heap), else in an array of its own. Slices of it (inline attachments) are valid until
/// it is disposed; dispose it only when nothing reads them any more.
/// </summary>
internal sealed class HeldBody : IDisposable
{
    private byte[]? _rented;

    internal HeldBody(byte[] buffer, int length, bool rented)
    {
        Memory = new ReadOnlyMemory<byte>(buffer, 0, length);
        _rented = rented ? buffer : null;
    }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Returns a rented array to the pool (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
