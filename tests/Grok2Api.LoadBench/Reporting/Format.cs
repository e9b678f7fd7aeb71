using System.Globalization;

namespace Grok2Api.LoadBench.Reporting;

/// <summary>Number formats of the reports (invariant culture, thousands separators).</summary>
internal static class Format
{
    public static string Ms(long microseconds) => (microseconds / 1000.0).ToString("N2", CultureInfo.InvariantCulture);

    public static string Ms(double microseconds) => (microseconds / 1000.0).ToString("N2", CultureInfo.InvariantCulture);

    public static string Whole(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string One(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Signed(double value, string format) => (value >= 0 ? "+" : "") + value.ToString(format, CultureInfo.InvariantCulture);

    public static string MiB(long kib) => (kib / 1024.0).ToString("N1", CultureInfo.InvariantCulture);
}
