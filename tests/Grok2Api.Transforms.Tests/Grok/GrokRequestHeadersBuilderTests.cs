using Grok2Api.Transforms.Grok;

namespace Grok2Api.Transforms.Tests.Grok;

public sealed class GrokRequestHeadersBuilderTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.payload.sig";
    private const string UserAgent = "Mozilla/5.0 (Test) Chrome/136.0.0.0";
    private static readonly Guid RequestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly GrokClientProfile Plain = new(UserAgent, "", "");

    private static readonly string[] CommonPrefix =
    [
        "Accept-Encoding: gzip, deflate, br",
        "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8",
        "Baggage: sentry-environment=production,sentry-release=d6add6fb0460641fd482d767a335ef72b9b6abb8,sentry-public_key=b311e0f2690c81f25e2c4cf6d4f7ce1c",
    ];

    private static readonly string[] ClientHints =
    [
        "Sec-Ch-Ua: \"Google Chrome\";v=\"136\", \"Chromium\";v=\"136\", \"Not(A:Brand\";v=\"24\"",
        "Sec-Ch-Ua-Arch: arm",
        "Sec-Ch-Ua-Bitness: 64",
        "Sec-Ch-Ua-Mobile: ?0",
        "Sec-Ch-Ua-Model: ",
        "Sec-Ch-Ua-Platform: \"macOS\"",
    ];

    private static string[] Lines(GrokRequestHeaders headers) =>
        [.. headers.Headers.Select(h => $"{h.Key}: {h.Value}"), $"Content-Type: {headers.ContentType}"];

    [Fact]
    public void Build_ConversationsNew_ExactHeaderSet()
    {
        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.ConversationsNew, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        string[] expected =
        [
            .. CommonPrefix,
            "Origin: https://grok.com",
            "Priority: u=1, i",
            "Referer: https://grok.com/",
            .. ClientHints,
            "Sec-Fetch-Mode: cors",
            $"User-Agent: {UserAgent}",
            $"Cookie: sso={Token}; sso-rw={Token}",
            "Accept: */*",
            "Sec-Fetch-Dest: empty",
            "Sec-Fetch-Site: same-origin",
            "x-xai-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "Content-Type: application/json",
        ];
        Assert.Equal(expected, Lines(headers));
        Assert.Equal(RequestId, headers.RequestId);
    }

    [Fact]
    public void Build_RateLimits_ExactHeaderSet()
    {
        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        string[] expected =
        [
            .. CommonPrefix,
            "Origin: https://grok.com",
            "Priority: u=1, i",
            "Referer: https://grok.com/",
            .. ClientHints,
            "Sec-Fetch-Mode: cors",
            $"User-Agent: {UserAgent}",
            $"Cookie: sso={Token}; sso-rw={Token}",
            "Accept: */*",
            "Sec-Fetch-Dest: empty",
            "Sec-Fetch-Site: same-origin",
            "x-xai-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "Content-Type: application/json",
        ];
        Assert.Equal(expected, Lines(headers));
    }

    [Fact]
    public void Build_AssetsList_RefererFilesAndJsonContentTypeOnGet()
    {
        var endpoint = GrokEndpoints.AssetsList(pageToken: null);

        var headers = GrokRequestHeadersBuilder.Build(endpoint, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        string[] expected =
        [
            .. CommonPrefix,
            "Origin: https://grok.com",
            "Priority: u=1, i",
            "Referer: https://grok.com/files",
            .. ClientHints,
            "Sec-Fetch-Mode: cors",
            $"User-Agent: {UserAgent}",
            $"Cookie: sso={Token}; sso-rw={Token}",
            "Accept: */*",
            "Sec-Fetch-Dest: empty",
            "Sec-Fetch-Site: same-origin",
            "x-xai-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "Content-Type: application/json",
        ];
        Assert.Equal(expected, Lines(headers));
        Assert.Equal(HttpMethod.Get, endpoint.Method);
    }

    [Fact]
    public void Build_MediaAssetDownload_NavigationHeaders()
    {
        var endpoint = GrokEndpoints.AssetDownload("users/u1/generated/i1/image.jpg");

        var headers = GrokRequestHeadersBuilder.Build(endpoint, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        string[] expected =
        [
            .. CommonPrefix,
            "Origin: https://assets.grok.com",
            "Priority: u=0, i",
            "Referer: https://grok.com/",
            .. ClientHints,
            "Sec-Fetch-Mode: navigate",
            $"User-Agent: {UserAgent}",
            $"Cookie: sso={Token}; sso-rw={Token}",
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
            "Sec-Fetch-Dest: document",
            "Sec-Fetch-Site: same-site",
            "x-xai-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "Cache-Control: no-cache",
            "Pragma: no-cache",
            "Sec-Fetch-User: ?1",
            "Upgrade-Insecure-Requests: 1",
            "Content-Type: image/jpeg",
        ];
        Assert.Equal(expected, Lines(headers));
        Assert.True(endpoint.FollowRedirects);
        Assert.Equal(GrokEgress.Asset, endpoint.Egress);
    }

    [Fact]
    public void Build_NonMediaAssetDownload_NavigationModeButPlainAccept()
    {
        var endpoint = GrokEndpoints.AssetDownload("users/u1/f1/content");

        var headers = GrokRequestHeadersBuilder.Build(endpoint, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        Assert.Equal("navigate", headers.Get("Sec-Fetch-Mode"));
        Assert.Equal("*/*", headers.Get("Accept"));
        Assert.Equal("empty", headers.Get("Sec-Fetch-Dest"));
        Assert.Equal("application/json", headers.ContentType);
    }

    [Fact]
    public void Build_GrpcWebOnAccountsHost_GrpcExtras()
    {
        var headers = GrokRequestHeadersBuilder.Build(
            GrokEndpoints.SetTosAcceptedVersion, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        string[] expected =
        [
            .. CommonPrefix,
            "Origin: https://accounts.x.ai",
            "Priority: u=1, i",
            "Referer: https://accounts.x.ai/accept-tos",
            .. ClientHints,
            "Sec-Fetch-Mode: cors",
            $"User-Agent: {UserAgent}",
            $"Cookie: sso={Token}; sso-rw={Token}",
            "Accept: */*",
            "Sec-Fetch-Dest: empty",
            "Sec-Fetch-Site: same-origin",
            "x-xai-request-id: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "x-grpc-web: 1",
            "x-user-agent: connect-es/2.1.1",
            "Cache-Control: no-cache",
            "Pragma: no-cache",
            "Content-Type: application/grpc-web+proto",
        ];
        Assert.Equal(expected, Lines(headers));
    }

    [Fact]
    public void Build_UpdateUserFeatureControls_BaseHostGrpcWithDataReferer()
    {
        var headers = GrokRequestHeadersBuilder.Build(
            GrokEndpoints.UpdateUserFeatureControls, GrokUpstreamUrls.Default, Plain, Token, RequestId);

        Assert.Equal("https://grok.com", headers.Get("Origin"));
        Assert.Equal("https://grok.com/?_s=data", headers.Get("Referer"));
        Assert.Equal("1", headers.Get("x-grpc-web"));
        Assert.Equal("application/grpc-web+proto", headers.Get("Content-Type"));
    }

    [Fact]
    public void Build_StatsigConfigured_SentVerbatim()
    {
        var profile = Plain with { StatsigId = "copied-from-my-browser==" };

        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.ConversationsNew, GrokUpstreamUrls.Default, profile, Token, RequestId);

        Assert.Equal("copied-from-my-browser==", headers.Get("x-statsig-id"));
        Assert.Single(headers.Headers, h => h.Key == "x-statsig-id");
    }

    [Fact]
    public void Build_StatsigNotConfigured_NeverGenerated()
    {
        for (var i = 0; i < 20; i++)
        {
            var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.ConversationsNew, GrokUpstreamUrls.Default, Plain, Token);

            Assert.Null(headers.Get("x-statsig-id"));
            Assert.DoesNotContain(headers.Headers, h => h.Key.Contains("statsig", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Build_CfClearanceConfigured_AppendedWithoutSpace()
    {
        var profile = Plain with { CfClearance = "clr.123-abc" };

        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, profile, Token, RequestId);

        Assert.Equal($"sso={Token}; sso-rw={Token};cf_clearance=clr.123-abc", headers.Get("Cookie"));
    }

    [Fact]
    public void Build_TokenWithSsoPrefix_PrefixStripped()
    {
        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, "sso=" + Token, RequestId);

        Assert.Equal($"sso={Token}; sso-rw={Token}", headers.Get("Cookie"));
    }

    [Fact]
    public void Build_WithoutRequestId_FreshUuidV4PerLogicalRequest()
    {
        var first = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, Token);
        var second = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, Token);

        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.Equal(first.RequestId.ToString("D"), first.Get("x-xai-request-id"));
        Assert.Equal(4, first.RequestId.Version);
        Assert.Equal(4, second.RequestId.Version);
    }

    [Fact]
    public void Build_SameSetReadTwice_RequestIdStableAcrossRetries()
    {
        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, Token);

        var firstAttempt = Lines(headers);
        var secondAttempt = Lines(headers);

        Assert.Equal(firstAttempt, secondAttempt);
        Assert.Equal(headers.RequestId.ToString("D"), headers.Get("x-xai-request-id"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5001", "http://127.0.0.1:5002", "same-origin")]
    [InlineData("http://sim.local:5001", "http://assets.sim.local:5001", "same-site")]
    [InlineData("https://grok.com", "https://assets.grok.com", "same-site")]
    public void Build_AssetDownload_SecFetchSiteComparesHosts(string baseUrl, string assetsUrl, string expected)
    {
        var urls = new GrokUpstreamUrls(baseUrl, assetsUrl, "https://accounts.x.ai");

        var headers = GrokRequestHeadersBuilder.Build(GrokEndpoints.AssetDownload("/a/b.png"), urls, Plain, Token, RequestId);

        Assert.Equal(expected, headers.Get("Sec-Fetch-Site"));
    }

    [Fact]
    public void Build_SimulatorUrls_OriginAndRefererDerivedFromConfig()
    {
        var urls = new GrokUpstreamUrls("http://127.0.0.1:5001/", "http://127.0.0.1:5002", "http://127.0.0.1:5003");

        var rest = GrokRequestHeadersBuilder.Build(GrokEndpoints.MediaPostCreate, urls, Plain, Token, RequestId);
        var tos = GrokRequestHeadersBuilder.Build(GrokEndpoints.SetTosAcceptedVersion, urls, Plain, Token, RequestId);

        Assert.Equal("http://127.0.0.1:5001", rest.Get("Origin"));
        Assert.Equal("http://127.0.0.1:5001", rest.Get("Referer"));
        Assert.Equal("http://127.0.0.1:5003", tos.Get("Origin"));
        Assert.Equal("http://127.0.0.1:5003/accept-tos", tos.Get("Referer"));
    }

    [Theory]
    [InlineData("Bad\r\nInjected: 1")]
    [InlineData("caf\u00e9")]
    public void Build_UserAgentWithUnsendableCharacters_Throws(string userAgent)
    {
        var profile = Plain with { UserAgent = userAgent };

        var error = Assert.Throws<ArgumentException>(
            () => GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, profile, Token, RequestId));

        Assert.Contains("proxy.user_agent", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sso=")]
    [InlineData("abc;evil=1")]
    [InlineData("abc def")]
    public void Build_UnusableToken_Throws(string token)
    {
        Assert.Throws<ArgumentException>(
            () => GrokRequestHeadersBuilder.Build(GrokEndpoints.RateLimits, GrokUpstreamUrls.Default, Plain, token, RequestId));
    }
}
