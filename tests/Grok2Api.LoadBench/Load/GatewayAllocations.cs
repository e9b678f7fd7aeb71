using System.Globalization;

namespace Grok2Api.LoadBench.Load;

/// <summary>
/// The gateway's managed allocations per chat request, read from its own Prometheus endpoint
/// (<c>/metrics</c>): the runtime's allocated-bytes counter and the request-duration count of
/// <c>/v1/chat/completions</c> answered 200, scraped at the start and the end of a row. Both counters
/// come from the same two scrapes, so the ratio holds whatever the row's warm-up and window are.
/// </summary>
internal sealed record GatewayAllocations(double AllocatedBytes, double ChatRequests)
{
    private const string AllocatedCounter = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string RequestCounter = "http_server_request_duration_seconds_count";

    /// <summary>Bytes allocated per chat request between two readings, or null when no request was counted.</summary>
    public static double? PerRequest(GatewayAllocations? before, GatewayAllocations? after) =>
        before is null || after is null || after.ChatRequests <= before.ChatRequests
            ? null
            : (after.AllocatedBytes - before.AllocatedBytes) / (after.ChatRequests - before.ChatRequests);

    /// <summary>Reads the two counters; null when the endpoint does not answer or lacks them.</summary>
    public static async Task<GatewayAllocations?> ReadAsync(HttpClient client, Uri gateway, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await client.GetStringAsync(new Uri(gateway, "metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>The counters of one scrape in the Prometheus text format.</summary>
    public static GatewayAllocations? Parse(string text)
    {
        double? allocated = null;
        double requests = 0;
        var sawRequests = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(AllocatedCounter, StringComparison.Ordinal))
            {
                allocated = ValueOf(line);
            }
            else if (line.StartsWith(RequestCounter, StringComparison.Ordinal)
                && line.Contains("http_route=\"/v1/chat/completions\"", StringComparison.Ordinal)
                && line.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal))
            {
                // One series per label set (method, protocol version): they add up.
                requests += ValueOf(line) ?? 0;
                sawRequests = true;
            }
        }

        return allocated is { } bytes && sawRequests ? new GatewayAllocations(bytes, requests) : null;
    }

    private static double? ValueOf(string line)
    {
        var space = line.LastIndexOf(' ');
        return space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }
}
