using Grok2Api.Simulator.Recording;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Simulator.Hosting;

/// <summary>The request body, from the recording when there is one.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Features.Get<RequestRecord>() is { } record)
        {
            return record.Current.Body;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
