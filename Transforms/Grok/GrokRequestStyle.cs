namespace Grok2Api.Transforms.Grok;

/// <summary>The header flavour of an endpoint (docs/grok-protocol.md §2.3–2.5).</summary>
public enum GrokRequestStyle
{
    /// <summary>A JSON REST call: the common header set, <c>Content-Type: application/json</c>.</summary>
    Rest,

    /// <summary>A gRPC-web call: the common set plus the gRPC-web extras.</summary>
    GrpcWeb,

    /// <summary>A navigation-style asset download from the assets host; redirects are followed.</summary>
    AssetDownload,
}
