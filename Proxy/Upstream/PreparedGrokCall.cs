namespace Grok2Api.Proxy.Upstream;

/// <summary>A logical call ready to send: its URL and its header set (reused by every retry).</summary>
internal sealed record PreparedGrokCall(GrokEndpoint Endpoint, Uri RequestUri, GrokRequestHeaders Headers, string BareToken)
{
    /// <summary>The token's public id, for logs.</summary>
    public string TokenId { get; } = Grok2Api.Storage.Tokens.TokenIdentity.IdOf(BareToken);

    /// <summary>Record printing would show the token; never print it.</summary>
    public override string ToString() => $"{Endpoint.Name} for token {TokenId}";
}
