using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Recording;

/// <summary>A snapshot of one request the simulator received (control routes under /__sim are not recorded).</summary>
public sealed record RecordedRequest
{
    /// <summary>Sequence number, starting at 1, in arrival order.</summary>
    public required long Id { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path without the query, e.g. <c>/rest/rate-limits</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including the leading <c>?</c>, or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Every request header; repeated headers are joined with a comma. Case-insensitive keys.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The request body as received.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The SSO token parsed from a well-formed cookie, or null.</summary>
    public string? Token { get; init; }

    /// <summary>The cf_clearance cookie value, when sent.</summary>
    public string? CfClearance { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the simulator finished with it, or null while it is still running.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The response status, once finished.</summary>
    public int? StatusCode { get; init; }

    /// <summary>True when the client went away (cancelled, disconnected) before the response was complete.</summary>
    public bool ClientAborted { get; init; }

    /// <summary>When the client abort was noticed.</summary>
    public DateTimeOffset? AbortedAt { get; init; }

    /// <summary>True when the simulator itself dropped the connection (the connection-reset fault).</summary>
    public bool ServerAborted { get; init; }

    /// <summary>The fault applied to this request, if any (its kind name).</summary>
    public string? FaultApplied { get; init; }

    /// <summary>Path plus query.</summary>
    public string PathAndQuery => Path + Query;

    /// <summary>True once the simulator has finished with the request.</summary>
    public bool IsCompleted => EndedAt is not null;

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The header value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? BodyJson()
    {
        if (Body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Body.Span);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
