using Serilog.Core;
using Serilog.Events;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Masks the value of <c>public_key</c> in the <c>QueryString</c> property ASP.NET Core's request lines carry
/// (logged at <c>LOG_LEVEL=DEBUG</c>): the playground's streams take their key in the query, since a
/// browser opens them without headers. Thread-safe.
/// </summary>
internal sealed class QueryKeyRedactor : ILogEventEnricher
{
    private const string Property = "QueryString";
    private const string Key = "public_key=";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        if (logEvent.Properties.TryGetValue(Property, out var value)
            && value is ScalarValue { Value: string query }
            && query.Contains(Key, StringComparison.OrdinalIgnoreCase))
        {
            logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(Property, Redact(query)));
        }
    }

    /// <summary><paramref name="query"/> with every <c>public_key</c> value replaced by <c>***</c>.</summary>
    public static string Redact(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = query.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var start = part.StartsWith('?') ? 1 : 0;
            if (part.AsSpan(start).StartsWith(Key, StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = part[..(start + Key.Length)] + "***";
            }
        }

        return string.Join('&', parts);
    }
}
