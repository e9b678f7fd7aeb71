namespace Grok2Api.Transforms.Buffers;

/// <summary>
/// A growable byte buffer over arrays rented from <see cref="ArrayPool{T}.Shared"/>: the scratch
/// memory of the stream parser and the chat translator, reused across lines so the token path
/// allocates nothing, and the one buffer a large request body is written into (sized up front from
/// an estimate, then handed on without another copy). Not thread-safe; <see cref="Dispose"/>
/// returns the array, after which <see cref="WrittenMemory"/> is invalid.
/// </summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    /// <summary>Creates a buffer that holds at least <paramref name="initialCapacity"/> bytes before it grows.</summary>
    /// <param name="initialCapacity">The expected size; the buffer grows past it when needed.</param>
    public PooledBuffer(int initialCapacity = 256) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The number of bytes written.</summary>
    public int Length => _length;

    /// <summary>The bytes written.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>The bytes written, valid until the next write or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>Forgets what was written, keeping the array.</summary>
    public void Clear() => _length = 0;

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>Appends one byte.</summary>
    /// <param name="value">The byte.</param>
    public void Append(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes, keeping the rest.</summary>
    /// <param name="count">How many bytes to drop; at most <see cref="Length"/>.</param>
    public void RemoveStart(int count)
    {
        _array.AsSpan(count, _length - count).CopyTo(_array);
        _length -= count;
    }

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>Returns the array to the pool; a second call does nothing.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, []);
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = (long)_length + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_array.Length * 2)));
        _array.AsSpan(0, _length).CopyTo(grown);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = grown;
    }
}
