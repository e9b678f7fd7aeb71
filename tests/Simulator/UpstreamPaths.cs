namespace Grok2Api.Simulator;

/// <summary>Paths of the simulated upstream endpoints; also the keys that restrict faults and count requests.</summary>
public static class UpstreamPaths
{
    /// <summary>POST, the chat / image-edit / video stream (docs/grok-protocol.md §3).</summary>
    public const string ConversationsNew = "/rest/app-chat/conversations/new";

    /// <summary>POST, the account quota query (docs/grok-protocol.md §9).</summary>
    public const string RateLimits = "/rest/rate-limits";

    /// <summary>POST, attachment upload (docs/grok-protocol.md §8).</summary>
    public const string UploadFile = "/rest/app-chat/upload-file";

    /// <summary>POST, creates the media post that image edit and video name as parent (docs/grok-protocol.md §12.1).</summary>
    public const string MediaPostCreate = "/rest/media/post/create";

    /// <summary>POST, the HD version of a generated video (docs/grok-protocol.md §12.4).</summary>
    public const string VideoUpscale = "/rest/media/video/upscale";

    /// <summary>GET, the account's online files, one page (docs/grok-protocol.md §11.1).</summary>
    public const string AssetsList = "/rest/assets";

    /// <summary>DELETE, prefix of <c>/rest/assets-metadata/&lt;assetId&gt;</c>: removes one online file (docs/grok-protocol.md §11.2).</summary>
    public const string AssetsDeletePrefix = "/rest/assets-metadata";

    /// <summary>POST gRPC-web, the account's feature controls, e.g. NSFW content (docs/grok-protocol.md §15.2).</summary>
    public const string UpdateUserFeatureControls = "/auth_mgmt.AuthManagement/UpdateUserFeatureControls";

    /// <summary>GET with a WebSocket upgrade, Imagine image generation (docs/grok-protocol.md §14).</summary>
    public const string ImagineListen = "/ws/imagine/listen";

    /// <summary>GET, prefix of asset downloads from the assets host (docs/grok-protocol.md §11.3), e.g. <c>/users/&lt;uid&gt;/generated/&lt;id&gt;/image.jpg</c>.</summary>
    public const string AssetsPrefix = "/users";

    /// <summary>POST, a LiveKit voice token (docs/grok-protocol.md §16).</summary>
    public const string LivekitTokens = "/rest/livekit/tokens";

    /// <summary>Prefix of the simulator's own control routes (never recorded).</summary>
    public const string ControlPrefix = "/__sim";
}
