using System.Globalization;
using Grok2Api.LoadBench.Load;

namespace Grok2Api.LoadBench.Reporting;

/// <summary>Number formats of the reports (invariant culture, thousands separators).</summary>
internal static class Format
{
    public static string Ms(long microseconds) => (microseconds / 1000.0).ToString("N2", CultureInfo.InvariantCulture);

    public static string Ms(double microseconds) => (microseconds / 1000.0).ToString("N2", CultureInfo.InvariantCulture);

    public static string Whole(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string One(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>The latency and error cells of a measured row: p50, p90, p99 and max in ms, then the errors by kind ("0" when none).</summary>
    public static string[] LatencyAndErrors(LoadResult result) =>
    [
        Ms(result.Latency.ValueAt(50)),
        Ms(result.Latency.ValueAt(90)),
        Ms(result.Latency.ValueAt(99)),
        Ms(result.Latency.MaxMicroseconds),
        result.ErrorCount == 0 ? "0" : string.Join(", ", result.Errors.Select(e => $"{e.Value} {e.Key}")),
    ];

    public static string Signed(double value, string format) => (value >= 0 ? "+" : "") + value.ToString(format, CultureInfo.InvariantCulture);

    public static string MiB(long kib) => (kib / 1024.0).ToString("N1", CultureInfo.InvariantCulture);
}
