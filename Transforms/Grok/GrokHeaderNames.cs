namespace Grok2Api.Transforms.Grok;

/// <summary>Header names sent to the Grok web app, spelled as the browser client spells them.</summary>
public static class GrokHeaderNames
{
    /// <summary><c>Accept</c>.</summary>
    public const string Accept = "Accept";

    /// <summary><c>Accept-Encoding</c>.</summary>
    public const string AcceptEncoding = "Accept-Encoding";

    /// <summary><c>Accept-Language</c>.</summary>
    public const string AcceptLanguage = "Accept-Language";

    /// <summary><c>Baggage</c>.</summary>
    public const string Baggage = "Baggage";

    /// <summary><c>Cache-Control</c>.</summary>
    public const string CacheControl = "Cache-Control";

    /// <summary><c>Content-Type</c>.</summary>
    public const string ContentType = "Content-Type";

    /// <summary><c>Cookie</c>.</summary>
    public const string Cookie = "Cookie";

    /// <summary><c>Origin</c>.</summary>
    public const string Origin = "Origin";

    /// <summary><c>Pragma</c>.</summary>
    public const string Pragma = "Pragma";

    /// <summary><c>Priority</c>.</summary>
    public const string Priority = "Priority";

    /// <summary><c>Referer</c>.</summary>
    public const string Referer = "Referer";

    /// <summary><c>Sec-Ch-Ua</c>.</summary>
    public const string SecChUa = "Sec-Ch-Ua";

    /// <summary><c>Sec-Ch-Ua-Arch</c>.</summary>
    public const string SecChUaArch = "Sec-Ch-Ua-Arch";

    /// <summary><c>Sec-Ch-Ua-Bitness</c>.</summary>
    public const string SecChUaBitness = "Sec-Ch-Ua-Bitness";

    /// <summary><c>Sec-Ch-Ua-Mobile</c>.</summary>
    public const string SecChUaMobile = "Sec-Ch-Ua-Mobile";

    /// <summary><c>Sec-Ch-Ua-Model</c>.</summary>
    public const string SecChUaModel = "Sec-Ch-Ua-Model";

    /// <summary><c>Sec-Ch-Ua-Platform</c>.</summary>
    public const string SecChUaPlatform = "Sec-Ch-Ua-Platform";

    /// <summary><c>Sec-Fetch-Dest</c>.</summary>
    public const string SecFetchDest = "Sec-Fetch-Dest";

    /// <summary><c>Sec-Fetch-Mode</c>.</summary>
    public const string SecFetchMode = "Sec-Fetch-Mode";

    /// <summary><c>Sec-Fetch-Site</c>.</summary>
    public const string SecFetchSite = "Sec-Fetch-Site";

    /// <summary><c>Sec-Fetch-User</c>.</summary>
    public const string SecFetchUser = "Sec-Fetch-User";

    /// <summary><c>Upgrade-Insecure-Requests</c>.</summary>
    public const string UpgradeInsecureRequests = "Upgrade-Insecure-Requests";

    /// <summary><c>User-Agent</c>.</summary>
    public const string UserAgent = "User-Agent";

    /// <summary><c>x-grpc-web</c>.</summary>
    public const string GrpcWeb = "x-grpc-web";

    /// <summary><c>x-statsig-id</c>: sent only when the operator configured <c>proxy.statsig_id</c>.</summary>
    public const string StatsigId = "x-statsig-id";

    /// <summary><c>x-user-agent</c>.</summary>
    public const string GrpcUserAgent = "x-user-agent";

    /// <summary><c>x-xai-request-id</c>: one UUIDv4 per logical request, reused on its retries.</summary>
    public const string RequestId = "x-xai-request-id";
}
