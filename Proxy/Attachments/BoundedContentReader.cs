namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Reads a fetched body into memory up to a byte limit: a declared Content-Length above the limit is
/// refused before reading, and the (decompressed) bytes are counted as they arrive, so a chunked or
/// lying answer stops at the limit too. A declared length is read into one exact buffer.
/// </summary>
internal static class BoundedContentReader
{
    private const int InitialBuffer = 64 * 1024;

    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return null;
        }

        var limit = (int)Math.Min(maxBytes, Array.MaxLength);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // A declared length gets one spare byte, so the end of the body is seen without growing the buffer.
        var buffer = new byte[declared is { } length ? (int)Math.Min(length + 1, (long)limit + 1) : (int)Math.Min(InitialBuffer, (long)limit + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit)
                {
                    return null;
                }

                // One byte past the limit is enough to know it is too large.
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return total > limit ? null : buffer.AsMemory(0, total);
            }

            total += read;
        }
    }
}
