namespace Grok2Api.Transforms.Grok;

/// <summary>
/// The static header values the Grok web client sends (docs/grok-protocol.md §2.3–2.5), kept in
/// one place so every upstream call and the simulator agree on them.
/// </summary>
/// <remarks>
/// <see cref="AcceptEncoding"/> deliberately differs from the browser's <c>gzip, deflate, br, zstd</c>:
/// .NET cannot decode zstd, so only encodings the client really decodes are offered.
/// </remarks>
public static class GrokHeaderValues
{
    /// <summary><c>Accept-Encoding</c>: the encodings .NET decodes (no zstd; see remarks on the class).</summary>
    public const string AcceptEncoding = "gzip, deflate, br";

    /// <summary><c>Accept-Language</c>.</summary>
    public const string AcceptLanguage = "zh-CN,zh;q=0.9,en;q=0.8";

    /// <summary><c>Baggage</c>: a constant Sentry context, the only Sentry data sent.</summary>
    public const string Baggage =
        "sentry-environment=production,sentry-release=d6add6fb0460641fd482d767a335ef72b9b6abb8,sentry-public_key=b311e0f2690c81f25e2c4cf6d4f7ce1c";

    /// <summary><c>Priority</c> of REST and gRPC-web calls.</summary>
    public const string Priority = "u=1, i";

    /// <summary><c>Priority</c> of asset downloads.</summary>
    public const string DownloadPriority = "u=0, i";

    /// <summary><c>Sec-Ch-Ua</c>.</summary>
    public const string SecChUa = "\"Google Chrome\";v=\"136\", \"Chromium\";v=\"136\", \"Not(A:Brand\";v=\"24\"";

    /// <summary><c>Sec-Ch-Ua-Arch</c>.</summary>
    public const string SecChUaArch = "arm";

    /// <summary><c>Sec-Ch-Ua-Bitness</c>.</summary>
    public const string SecChUaBitness = "64";

    /// <summary><c>Sec-Ch-Ua-Mobile</c>.</summary>
    public const string SecChUaMobile = "?0";

    /// <summary><c>Sec-Ch-Ua-Model</c>: sent with an empty value.</summary>
    public const string SecChUaModel = "";

    /// <summary><c>Sec-Ch-Ua-Platform</c>.</summary>
    public const string SecChUaPlatform = "\"macOS\"";

    /// <summary><c>Sec-Fetch-Mode</c> of REST and gRPC-web calls.</summary>
    public const string FetchModeCors = "cors";

    /// <summary><c>Sec-Fetch-Mode</c> of asset downloads.</summary>
    public const string FetchModeNavigate = "navigate";

    /// <summary><c>Sec-Fetch-Dest</c> of REST and gRPC-web calls and of non-media downloads.</summary>
    public const string FetchDestEmpty = "empty";

    /// <summary><c>Sec-Fetch-Dest</c> of media downloads.</summary>
    public const string FetchDestDocument = "document";

    /// <summary><c>Sec-Fetch-Site</c> when the Origin and Referer hosts are equal.</summary>
    public const string FetchSiteSameOrigin = "same-origin";

    /// <summary><c>Sec-Fetch-Site</c> when the Origin and Referer hosts differ.</summary>
    public const string FetchSiteSameSite = "same-site";

    /// <summary><c>Sec-Fetch-User</c> of asset downloads.</summary>
    public const string FetchUser = "?1";

    /// <summary><c>Upgrade-Insecure-Requests</c> of asset downloads.</summary>
    public const string UpgradeInsecureRequests = "1";

    /// <summary><c>Accept</c> of REST, gRPC-web and non-media download calls.</summary>
    public const string AcceptAny = "*/*";

    /// <summary><c>Accept</c> of media downloads: the browser's navigation string.</summary>
    public const string AcceptNavigation =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    /// <summary><c>Content-Type</c> of REST calls (sent even on GET and DELETE).</summary>
    public const string JsonContentType = "application/json";

    /// <summary><c>Content-Type</c> of gRPC-web calls.</summary>
    public const string GrpcWebContentType = "application/grpc-web+proto";

    /// <summary><c>x-grpc-web</c> of gRPC-web calls.</summary>
    public const string GrpcWeb = "1";

    /// <summary><c>x-user-agent</c> of gRPC-web calls.</summary>
    public const string GrpcUserAgent = "connect-es/2.1.1";

    /// <summary><c>Cache-Control</c> and <c>Pragma</c> of gRPC-web calls and asset downloads.</summary>
    public const string NoCache = "no-cache";
}
