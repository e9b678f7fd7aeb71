namespace Grok2Api.Configuration;

/// <summary>The <c>[upstream]</c> section: where the Grok web app lives. Tests point these at a simulator.</summary>
public sealed record UpstreamSection
{
    /// <summary>REST and the Imagine WebSocket (https becomes wss, http becomes ws). Default <c>https://grok.com</c>.</summary>
    [AbsoluteUrl("http", "https")]
    public string BaseUrl { get; init; } = "https://grok.com";

    /// <summary>Asset downloads. Default <c>https://assets.grok.com</c>.</summary>
    [AbsoluteUrl("http", "https")]
    public string AssetsUrl { get; init; } = "https://assets.grok.com";

    /// <summary>The accounts gRPC-web host. Default <c>https://accounts.x.ai</c>.</summary>
    [AbsoluteUrl("http", "https")]
    public string AccountsUrl { get; init; } = "https://accounts.x.ai";

    /// <summary>The LiveKit URL handed to voice clients. Default <c>wss://livekit.grok.com</c>.</summary>
    [AbsoluteUrl("ws", "wss", "http", "https")]
    public string LivekitUrl { get; init; } = "wss://livekit.grok.com";
}
