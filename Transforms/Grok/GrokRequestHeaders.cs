namespace Grok2Api.Transforms.Grok;

/// <summary>
/// The header set of one logical upstream request (docs/grok-protocol.md §2.3). Built once by
/// <see cref="GrokRequestHeadersBuilder"/> and applied unchanged to every retry of that request, so
/// the <c>x-xai-request-id</c> and <c>x-statsig-id</c> stay the same. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <see cref="Headers"/> holds every header except <c>Content-Type</c>, which belongs to the body in
/// .NET and is exposed as <see cref="ContentType"/>. The Cookie header carries the account token:
/// never log <see cref="Headers"/>.
/// </remarks>
public sealed class GrokRequestHeaders
{
    internal GrokRequestHeaders(Guid requestId, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        RequestId = requestId;
        ContentType = contentType;
        Headers = headers;
    }

    /// <summary>The <c>x-xai-request-id</c> of this logical request (a UUIDv4).</summary>
    public Guid RequestId { get; }

    /// <summary>The <c>Content-Type</c> to send, also on requests without a body.</summary>
    public string ContentType { get; }

    /// <summary>The headers in the order the browser client sends them, without <c>Content-Type</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The value of a header (case-insensitive name), <c>Content-Type</c> included, or null when absent.</summary>
    /// <param name="name">The header name.</param>
    public string? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, GrokHeaderNames.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return ContentType;
        }

        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
