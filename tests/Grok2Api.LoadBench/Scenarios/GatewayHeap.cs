using System.Globalization;
using Grok2Api.LoadBench.Hosting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// The gateway's managed heap as its own Prometheus scrape reports it (the .NET runtime metrics):
/// the heap size left by the last GC and the memory the GC has committed. Zero when not exported.
/// </summary>
internal sealed record GatewayHeap(long HeapBytes, long CommittedBytes)
{
    public static async Task<GatewayHeap> ScrapeAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await stack.Control.GetStringAsync(new Uri(stack.GatewayUrl, "metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new GatewayHeap(0, 0);
        }

        return new GatewayHeap(Sum(text, "dotnet_gc_last_collection_heap_size_bytes"), Sum(text, "dotnet_gc_last_collection_memory_committed_size_bytes"));
    }

    private static long Sum(string text, string metric)
    {
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // "name{labels} value [timestamp]": the value follows the closing brace.
            var valueIndex = Array.FindIndex(parts, p => p.EndsWith('}')) + 1;
            if (valueIndex > 0 && valueIndex < parts.Length && double.TryParse(parts[valueIndex], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total += value;
            }
            else if (!line.Contains('{', StringComparison.Ordinal) && parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                total += value;
            }
        }

        return (long)total;
    }
}
