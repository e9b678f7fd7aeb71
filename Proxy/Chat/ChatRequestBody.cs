using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Grok2Api.Proxy.Chat;

/// <summary>Reads a request body up to a size limit (<c>chat.max_body_mb</c>).</summary>
internal static class ChatRequestBody
{
    /// <returns>The body, or null when it is larger than <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel then enforces the limit on chunked bodies too.
            size.MaxRequestBodySize = limit;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            // Nothing consumed yet: wait until the whole body is in the pipe.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
