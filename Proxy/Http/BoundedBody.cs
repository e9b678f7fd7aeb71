using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Grok2Api.Proxy.Http;

/// <summary>
/// Reads a body into memory up to a byte limit, so a large or hostile body cannot exhaust memory: a
/// declared length above the limit is refused before reading, and the (decompressed) bytes are
/// counted as they arrive, so a chunked or lying body stops at the limit too. A truthful declared
/// length is read into one exact array; past the limit the first bytes up to it are kept (enough for
/// an error snippet).
/// </summary>
internal static class BoundedBody
{
    private const int InitialBuffer = 16 * 1024;

    /// <summary>Reads an HTTP answer's body, refusing it at once when its Content-Length is above <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The content.</param>
    /// <param name="maxBytes">The limit in bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<BoundedBodyResult> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return new BoundedBodyResult([], TooLarge: true);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await ReadAsync(stream, declared, maxBytes, cancellationToken);
    }

    /// <summary>Reads the first <paramref name="maxBytes"/> bytes of an HTTP answer's body, whatever length it declares (error snippets).</summary>
    /// <param name="content">The content.</param>
    /// <param name="maxBytes">How many bytes to keep at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<byte[]> ReadStartAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return (await ReadAsync(stream, null, maxBytes, cancellationToken)).Body;
    }

    /// <summary>
    /// Reads a request body into one array, held once: a declared length is read into an array rented
    /// from the shared pool, and a chunked body into a growing one that is not copied again at the end.
    /// Where the server lets it, its own request size limit is set to <paramref name="maxBytes"/> too,
    /// so it also stops a chunked body at the limit.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The limit in bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body (dispose it when the request is done with it), or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<HeldBody?> ReadHeldAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength is not { } declared)
        {
            var (buffer, length, tooLarge) = await ReadCoreAsync(request.Body, null, maxBytes, cancellationToken);
            return tooLarge ? null : new HeldBody(buffer, length, rented: false);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)declared);
        try
        {
            var total = 0;
            while (total < declared)
            {
                var read = await request.Body.ReadAsync(rented.AsMemory(total, (int)declared - total), cancellationToken);
                if (read == 0)
                {
                    // Shorter than declared (Kestrel refuses that itself): what arrived is the body.
                    return new HeldBody(rented, total, rented: true);
                }

                total += read;
            }

            // Longer than declared (which Kestrel does not let through either) is refused.
            var probe = new byte[1];
            if (await request.Body.ReadAsync(probe, cancellationToken) == 0)
            {
                return new HeldBody(rented, total, rented: true);
            }

            ArrayPool<byte>.Shared.Return(rented);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    /// <summary>As <see cref="ReadHeldAsync"/>, as an array of its own exactly as long as the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The limit in bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var body = await ReadHeldAsync(request, maxBytes, cancellationToken);
        return body?.Memory.ToArray();
    }

    /// <summary>Reads <paramref name="stream"/> to its end or to one byte past <paramref name="maxBytes"/>, whichever comes first.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="declaredLength">The length the sender declared, or null; used to size the buffer, not trusted.</param>
    /// <param name="maxBytes">The limit in bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    internal static async Task<BoundedBodyResult> ReadAsync(Stream stream, long? declaredLength, long maxBytes, CancellationToken cancellationToken)
    {
        var (buffer, length, tooLarge) = await ReadCoreAsync(stream, declaredLength, maxBytes, cancellationToken);
        return new BoundedBodyResult(length == buffer.Length ? buffer : buffer[..length], tooLarge);
    }

    /// <summary>As <see cref="ReadAsync(Stream, long?, long, CancellationToken)"/>, giving the buffer and the length read instead of an exact copy.</summary>
    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadCoreAsync(Stream stream, long? declaredLength, long maxBytes, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Clamp(maxBytes, 0, Array.MaxLength);
        // Uninitialised: every byte returned is one read from the stream.
        var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(declaredLength is { } length ? Math.Max(length, 0) : InitialBuffer, limit));
        byte[]? probe = null;
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                // The buffer is full: one more byte tells the end of the body from more of it.
                probe ??= new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken) == 0)
                {
                    return (buffer, total, false);
                }

                if (total == limit)
                {
                    return (buffer, total, true);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max((long)buffer.Length * 2, InitialBuffer), limit));
                buffer[total++] = probe[0];
                continue;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                return (buffer, total, false);
            }

            total += read;
        }
    }
}
