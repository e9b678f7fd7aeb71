using Grok2Api.Transforms.Grok;

namespace Grok2Api.Transforms.Tests.Grok;

public sealed class GrokEndpointsTests
{
    public static TheoryData<GrokEndpoint, string, string, string, string, string> Catalog => new()
    {
        { GrokEndpoints.ConversationsNew, "POST", "https://grok.com/rest/app-chat/conversations/new", "https://grok.com", "https://grok.com/", "same-origin" },
        { GrokEndpoints.UploadFile, "POST", "https://grok.com/rest/app-chat/upload-file", "https://grok.com", "https://grok.com/", "same-origin" },
        { GrokEndpoints.MediaPostCreate, "POST", "https://grok.com/rest/media/post/create", "https://grok.com", "https://grok.com", "same-origin" },
        { GrokEndpoints.VideoUpscale, "POST", "https://grok.com/rest/media/video/upscale", "https://grok.com", "https://grok.com", "same-origin" },
        { GrokEndpoints.RateLimits, "POST", "https://grok.com/rest/rate-limits", "https://grok.com", "https://grok.com/", "same-origin" },
        { GrokEndpoints.Assets, "GET", "https://grok.com/rest/assets", "https://grok.com", "https://grok.com/files", "same-origin" },
        { GrokEndpoints.AssetsDelete("a1"), "DELETE", "https://grok.com/rest/assets-metadata/a1", "https://grok.com", "https://grok.com/files", "same-origin" },
        { GrokEndpoints.AssetDownload("users/u/x.mp4"), "GET", "https://assets.grok.com/users/u/x.mp4", "https://assets.grok.com", "https://grok.com/", "same-site" },
        { GrokEndpoints.SetBirthDate, "POST", "https://grok.com/rest/auth/set-birth-date", "https://grok.com", "https://grok.com/?_s=home", "same-origin" },
        { GrokEndpoints.UpdateUserFeatureControls, "POST", "https://grok.com/auth_mgmt.AuthManagement/UpdateUserFeatureControls", "https://grok.com", "https://grok.com/?_s=data", "same-origin" },
        { GrokEndpoints.SetTosAcceptedVersion, "POST", "https://accounts.x.ai/auth_mgmt.AuthManagement/SetTosAcceptedVersion", "https://accounts.x.ai", "https://accounts.x.ai/accept-tos", "same-origin" },
        { GrokEndpoints.LivekitTokens, "POST", "https://grok.com/rest/livekit/tokens", "https://grok.com", "https://grok.com/", "same-origin" },
    };

    [Theory]
    [MemberData(nameof(Catalog))]
    public void Endpoint_DefaultUrls_MatchProtocolTable(
        GrokEndpoint endpoint, string method, string url, string origin, string referer, string fetchSite)
    {
        var urls = GrokUpstreamUrls.Default;
        var headers = GrokRequestHeadersBuilder.Build(endpoint, urls, new GrokClientProfile("ua", "", ""), "tok");

        Assert.Equal(method, endpoint.Method.Method);
        Assert.Equal(url, urls.RequestUri(endpoint).AbsoluteUri);
        Assert.Equal(origin, headers.Get("Origin"));
        Assert.Equal(referer, headers.Get("Referer"));
        Assert.Equal(fetchSite, headers.Get("Sec-Fetch-Site"));
    }

    [Fact]
    public void All_EveryEndpoint_UniqueNames()
    {
        Assert.Equal(12, GrokEndpoints.All.Count);
        Assert.Equal(GrokEndpoints.All.Count, GrokEndpoints.All.Select(e => e.Name).Distinct().Count());
    }

    [Theory]
    [InlineData("upload_file", GrokEgress.Asset)]
    [InlineData("assets_list", GrokEgress.Asset)]
    [InlineData("assets_delete", GrokEgress.Asset)]
    [InlineData("asset_download", GrokEgress.Asset)]
    [InlineData("conversations_new", GrokEgress.Base)]
    [InlineData("rate_limits", GrokEgress.Base)]
    [InlineData("set_tos_accepted_version", GrokEgress.Base)]
    public void All_AssetCalls_UseAssetEgress(string name, GrokEgress expected)
    {
        Assert.Equal(expected, GrokEndpoints.All.Single(e => e.Name == name).Egress);
    }

    [Fact]
    public void AssetsList_FirstPage_ListQuery()
    {
        var endpoint = GrokEndpoints.AssetsList(null);

        Assert.Equal("/rest/assets?pageSize=50&orderBy=ORDER_BY_LAST_USE_TIME&source=SOURCE_ANY&isLatest=true", endpoint.Path);
        Assert.Equal("assets_list", endpoint.Name);
    }

    [Fact]
    public void AssetsList_LaterPage_PageTokenEscaped()
    {
        var endpoint = GrokEndpoints.AssetsList("a b/c=");

        Assert.EndsWith("&isLatest=true&pageToken=a%20b%2Fc%3D", endpoint.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void AssetsDelete_IdWithSlash_Escaped()
    {
        Assert.Equal("/rest/assets-metadata/a%2Fb", GrokEndpoints.AssetsDelete("a/b").Path);
    }

    [Theory]
    [InlineData("users/u/generated/i/image.jpg", "/users/u/generated/i/image.jpg")]
    [InlineData("/users/u/f/content", "/users/u/f/content")]
    [InlineData("https://assets.grok.com/users/u/v.mp4?x=1", "/users/u/v.mp4?x=1")]
    public void AssetDownload_Path_Normalized(string input, string expected)
    {
        Assert.Equal(expected, GrokEndpoints.AssetDownload(input).Path);
    }

    [Fact]
    public void RequestUri_BaseUrlWithPathPrefix_PrefixKept()
    {
        var urls = new GrokUpstreamUrls("http://127.0.0.1:9000/grok/", "http://127.0.0.1:9000/assets", "http://127.0.0.1:9000");

        Assert.Equal("http://127.0.0.1:9000/grok/rest/rate-limits", urls.RequestUri(GrokEndpoints.RateLimits).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:9000/assets/users/a.png", urls.RequestUri(GrokEndpoints.AssetDownload("users/a.png")).AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://grok.com")]
    [InlineData("grok.com")]
    [InlineData("")]
    public void Constructor_NotHttpUrl_Throws(string baseUrl)
    {
        Assert.Throws<ArgumentException>(() => new GrokUpstreamUrls(baseUrl, "https://assets.grok.com", "https://accounts.x.ai"));
    }

    [Theory]
    [InlineData("a/b/image.JPG", "image/jpeg")]
    [InlineData("a/b/image.jpeg?sig=1", "image/jpeg")]
    [InlineData("a/b/p.png", "image/png")]
    [InlineData("a/v.mp4", "video/mp4")]
    [InlineData("a/v.webm", "video/webm")]
    [InlineData("a/f/content", null)]
    [InlineData("a.b/content", null)]
    public void MediaTypes_FromPath_ByExtension(string path, string? expected)
    {
        Assert.Equal(expected, GrokMediaTypes.FromPath(path));
    }
}
