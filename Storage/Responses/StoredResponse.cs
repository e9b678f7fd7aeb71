namespace Grok2Api.Storage.Responses;

/// <summary>
/// One stored answer of the OpenAI Responses API (<c>store: true</c>), kept until
/// <see cref="ExpiresAt"/> so that <c>GET /v1/responses/{id}</c>, its input items and
/// <c>previous_response_id</c> work on any instance. The store keeps the two documents as opaque
/// UTF-8 JSON; only the Responses surface reads them. Timestamps are Unix seconds.
/// </summary>
public sealed record StoredResponse
{
    /// <summary>The response id (<c>resp_</c> and 32 lower-case hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>When it was created.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>When it stops being served; a read at or after this time finds nothing.</summary>
    public required long ExpiresAt { get; init; }

    /// <summary>The response object as <c>GET /v1/responses/{id}</c> returns it (JSON).</summary>
    public required byte[] Response { get; init; }

    /// <summary>What the surface needs to continue the conversation and list the input items (JSON).</summary>
    public required byte[] Context { get; init; }
}
