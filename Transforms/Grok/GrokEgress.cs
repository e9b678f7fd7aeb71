namespace Grok2Api.Transforms.Grok;

/// <summary>Which egress proxy an endpoint uses (docs/grok-protocol.md §1.3).</summary>
public enum GrokEgress
{
    /// <summary><c>proxy.base_proxy_url</c>: grok.com REST, gRPC-web and WebSockets.</summary>
    Base,

    /// <summary><c>proxy.asset_proxy_url</c>, falling back to the base proxy: upload-file, assets list/delete, asset downloads.</summary>
    Asset,
}
