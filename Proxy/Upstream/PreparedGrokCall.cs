namespace Grok2Api.Proxy.Upstream;

/// <summary>A logical call ready to send: its URL and its header set (reused by every retry).</summary>
internal sealed record PreparedGrokCall(GrokEndpoint Endpoint, Uri RequestUri, GrokRequestHeaders Headers, string BareToken)
{
    private string? _tokenId;

    /// <summary>
    /// The token's public id, for logs. Computed on first use: only a failure logs it, and the hash
    /// (SHA-256 through the platform's crypto library) was about 3 % of the gateway's CPU per chat
    /// when every call computed it up front (docs/benchmarks.md, chat through the gateway).
    /// </summary>
    public string TokenId => _tokenId ??= Grok2Api.Storage.Tokens.TokenIdentity.IdOf(BareToken);

    /// <summary>Record printing would show the token; never print it.</summary>
    public override string ToString() => $"{Endpoint.Name} for token {TokenId}";
}
