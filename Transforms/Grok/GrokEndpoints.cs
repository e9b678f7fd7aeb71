namespace Grok2Api.Transforms.Grok;

/// <summary>
/// The catalog of upstream REST and gRPC-web endpoints (docs/grok-protocol.md §1.2). Endpoints with a
/// variable part have a factory method; their <see cref="GrokEndpoint.Name"/> does not change.
/// </summary>
public static class GrokEndpoints
{
    /// <summary><c>POST /rest/app-chat/conversations/new</c>: chat, image edit and video.</summary>
    public static readonly GrokEndpoint ConversationsNew = Rest("conversations_new", HttpMethod.Post, "/rest/app-chat/conversations/new", "/", GrokEgress.Base);

    /// <summary><c>POST /rest/app-chat/upload-file</c>: attachments; asset egress.</summary>
    public static readonly GrokEndpoint UploadFile = Rest("upload_file", HttpMethod.Post, "/rest/app-chat/upload-file", "/", GrokEgress.Asset);

    /// <summary><c>POST /rest/media/post/create</c>; Referer without a trailing slash.</summary>
    public static readonly GrokEndpoint MediaPostCreate = Rest("media_post_create", HttpMethod.Post, "/rest/media/post/create", "", GrokEgress.Base);

    /// <summary><c>POST /rest/media/video/upscale</c>; Referer without a trailing slash.</summary>
    public static readonly GrokEndpoint VideoUpscale = Rest("video_upscale", HttpMethod.Post, "/rest/media/video/upscale", "", GrokEgress.Base);

    /// <summary><c>POST /rest/rate-limits</c>: the quota query (docs/grok-protocol.md §9).</summary>
    public static readonly GrokEndpoint RateLimits = Rest("rate_limits", HttpMethod.Post, "/rest/rate-limits", "/", GrokEgress.Base);

    /// <summary><c>GET /rest/assets</c> without a query; use <see cref="AssetsList"/> for a page.</summary>
    public static readonly GrokEndpoint Assets = Rest("assets_list", HttpMethod.Get, "/rest/assets", "/files", GrokEgress.Asset);

    /// <summary><c>POST /rest/auth/set-birth-date</c>. Grok2Api never generates a birth date (docs/compatibility.md §9).</summary>
    public static readonly GrokEndpoint SetBirthDate = Rest("set_birth_date", HttpMethod.Post, "/rest/auth/set-birth-date", "/?_s=home", GrokEgress.Base);

    /// <summary><c>POST /rest/livekit/tokens</c>: voice session token.</summary>
    public static readonly GrokEndpoint LivekitTokens = Rest("livekit_tokens", HttpMethod.Post, "/rest/livekit/tokens", "/", GrokEgress.Base);

    /// <summary><c>POST /auth_mgmt.AuthManagement/UpdateUserFeatureControls</c> on the base host (gRPC-web).</summary>
    public static readonly GrokEndpoint UpdateUserFeatureControls = new(
        "update_user_feature_controls", HttpMethod.Post, GrokHost.Base, "/auth_mgmt.AuthManagement/UpdateUserFeatureControls",
        GrokHost.Base, "/?_s=data", GrokRequestStyle.GrpcWeb, GrokEgress.Base);

    /// <summary><c>POST /auth_mgmt.AuthManagement/SetTosAcceptedVersion</c> on the accounts host (gRPC-web).</summary>
    public static readonly GrokEndpoint SetTosAcceptedVersion = new(
        "set_tos_accepted_version", HttpMethod.Post, GrokHost.Accounts, "/auth_mgmt.AuthManagement/SetTosAcceptedVersion",
        GrokHost.Accounts, "/accept-tos", GrokRequestStyle.GrpcWeb, GrokEgress.Base);

    /// <summary>Every fixed endpoint of the catalog, templates included, for tests and documentation.</summary>
    public static IReadOnlyList<GrokEndpoint> All { get; } =
    [
        ConversationsNew, UploadFile, MediaPostCreate, VideoUpscale, RateLimits, Assets, AssetsDelete(AssetIdPlaceholder),
        AssetDownload("/" + AssetIdPlaceholder), SetBirthDate, UpdateUserFeatureControls, SetTosAcceptedVersion, LivekitTokens,
    ];

    private const string AssetIdPlaceholder = "{id}";

    /// <summary>
    /// <c>GET /rest/assets</c> with the list query of docs/grok-protocol.md §11.1: <c>pageSize=50</c>,
    /// <c>orderBy=ORDER_BY_LAST_USE_TIME</c>, <c>source=SOURCE_ANY</c>, <c>isLatest=true</c> and
    /// <c>pageToken</c> on later pages.
    /// </summary>
    /// <param name="pageToken">The <c>nextPageToken</c> of the previous page, or null for the first page.</param>
    public static GrokEndpoint AssetsList(string? pageToken)
    {
        var query = "?pageSize=50&orderBy=ORDER_BY_LAST_USE_TIME&source=SOURCE_ANY&isLatest=true";
        if (!string.IsNullOrEmpty(pageToken))
        {
            query += "&pageToken=" + Uri.EscapeDataString(pageToken);
        }

        return Assets with { Path = Assets.Path + query };
    }

    /// <summary><c>DELETE /rest/assets-metadata/{assetId}</c>; asset egress, Referer <c>/files</c>.</summary>
    /// <param name="assetId">The asset id; it is escaped into the path.</param>
    public static GrokEndpoint AssetsDelete(string assetId)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        var segment = assetId == AssetIdPlaceholder ? assetId : Uri.EscapeDataString(assetId);
        return Rest("assets_delete", HttpMethod.Delete, "/rest/assets-metadata/" + segment, "/files", GrokEgress.Asset);
    }

    /// <summary>
    /// <c>GET {assets_url}/{path}</c>: a navigation-style download of an asset (docs/grok-protocol.md §11.3). An absolute
    /// URL is reduced to its path and query; a missing leading slash is added.
    /// </summary>
    /// <param name="assetPath">For example <c>users/u1/generated/i1/image.jpg</c>.</param>
    public static GrokEndpoint AssetDownload(string assetPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetPath);
        var path = Uri.TryCreate(assetPath, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
                ? absolute.PathAndQuery
                : assetPath;
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }

        return new GrokEndpoint(
            "asset_download", HttpMethod.Get, GrokHost.Assets, path, GrokHost.Base, "/", GrokRequestStyle.AssetDownload, GrokEgress.Asset);
    }

    private static GrokEndpoint Rest(string name, HttpMethod method, string path, string refererPath, GrokEgress egress) =>
        new(name, method, GrokHost.Base, path, GrokHost.Base, refererPath, GrokRequestStyle.Rest, egress);
}
