using System.Buffers;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Reads an answer body into memory up to a limit, counting decompressed bytes, so a large or
/// hostile answer cannot exhaust memory. Past the limit it keeps what fits and says so.
/// </summary>
internal static class BoundedBodyReader
{
    public static async Task<(byte[] Body, bool TooLarge)> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > limit)
        {
            return ([], true);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var output = new ArrayBufferWriter<byte>(Math.Clamp(limit, 1, 16 * 1024));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (output.WrittenCount + read > limit)
                {
                    // Error bodies are only needed for a snippet: keep what fits.
                    output.Write(buffer.AsSpan(0, limit - output.WrittenCount));
                    return (output.WrittenSpan.ToArray(), true);
                }

                output.Write(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (output.WrittenSpan.ToArray(), false);
    }
}
