using System.Net;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Tests.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class AttachmentLoaderTests
{
    private const string Param = "messages[0].content[1].image_url.url";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly byte[] Image = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Services whose fetches may reach 127.0.0.1 (the stubs) and nothing else private.</summary>
    private static MediaTestServices Services(Func<AssetSection, AssetSection>? asset = null, Func<GrokConfig, GrokConfig>? change = null) =>
        MediaTestServices.Create(MediaTestServices.ConfigFor(new Uri("http://127.0.0.1:9/"), c =>
        {
            var config = c with { Asset = (asset ?? (a => a))(c.Asset with { FetchAllow = ["127.0.0.1"] }) };
            return change is null ? config : change(config);
        }));

    private static Task<AttachmentLoadResult> LoadAsync(MediaTestServices services, string source, string? fileName = null, HttpRequest? request = null) =>
        services.Loader.LoadAsync(new ConversationAttachment(ConversationPartKind.Image, source, fileName, Param), request ?? MediaTestServices.Request(), Ct)
            .WaitAsync(Bound, Ct);

    private static OpenAiError AssertRefused(AttachmentLoadResult result, string code)
    {
        Assert.Null(result.Attachment);
        var error = Assert.IsType<OpenAiError>(result.Error);
        Assert.Equal(code, error.Code);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(Param, error.Param);
        return error;
    }

    [Theory]
    [InlineData("http://127.0.0.1/", "loopback")]
    [InlineData("http://127.1.2.3:8080/x.png", "loopback")]
    [InlineData("http://localhost/x.png", "local or cloud metadata host")]
    [InlineData("http://LOCALHOST./x.png", "local or cloud metadata host")]
    [InlineData("http://[::1]/x.png", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/x.png", "loopback")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("http://10.0.0.1/", "private network")]
    [InlineData("http://172.16.5.4/", "private network")]
    [InlineData("https://192.168.1.1/x.png", "private network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://[fd00::1]/", "private network")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "local or cloud metadata host")]
    [InlineData("http://2130706433/", "loopback")]
    public async Task LoadAsync_InternalAddress_Refused400(string url, string what)
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(new Uri("http://127.0.0.1:9/")));

        var error = AssertRefused(await LoadAsync(services, url), "attachment_url_refused");

        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains(Param, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_AllowlistedLoopbackServer_FetchesTheBytesWithoutCookiesOrGrokHeaders()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.ContentType = "image/png";
            await c.Response.Body.WriteAsync(Image, c.RequestAborted);
        }, Ct);
        await using var services = Services();

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/pics/cat%20photo.png?size=large");

        var file = Assert.IsType<LoadedAttachment>(result.Attachment);
        Assert.Equal(Image, file.Content.ToArray());
        Assert.Equal("image/png", file.MimeType);
        Assert.Equal("cat photo.png", file.FileName);
        var seen = Assert.Single(stub.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Null(seen.Header("Cookie"));
        Assert.Null(seen.Header("x-statsig-id"));
        Assert.Null(seen.Header("Origin"));
        Assert.Equal(AttachmentFetcher.UserAgent, seen.Header("User-Agent"));
    }

    [Fact]
    public async Task LoadAsync_AllowedByCidr_Fetches()
    {
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "ok", "text/plain"), Ct);
        await using var services = Services(a => a with { FetchAllow = ["127.0.0.0/8"] });

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/");

        Assert.NotNull(result.Attachment);
        Assert.Equal("download", result.Attachment.FileName);
    }

    [Theory]
    [InlineData(null, "photo.webp", "image/webp")]
    [InlineData("application/octet-stream", "photo.webp", "image/webp")]
    [InlineData("image/gif", "photo.webp", "image/gif")]
    [InlineData(null, "blob", "application/octet-stream")]
    public async Task LoadAsync_MimeType_FromContentTypeElseName(string? contentType, string name, string expected)
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            if (contentType is not null)
            {
                c.Response.ContentType = contentType;
            }

            await c.Response.Body.WriteAsync(Image, c.RequestAborted);
        }, Ct);
        await using var services = Services();

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/{name}");

        Assert.Equal(expected, result.Attachment!.MimeType);
    }

    [Fact]
    public async Task LoadAsync_ClientFileName_Wins()
    {
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "%PDF", "application/pdf"), Ct);
        await using var services = Services();

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/download?id=7", fileName: "report.pdf");

        Assert.Equal("report.pdf", result.Attachment!.FileName);
    }

    [Fact]
    public async Task LoadAsync_RedirectsWithinTheLimit_AreFollowed()
    {
        await using var stub = await StubServer.StartAsync(c =>
        {
            if (c.Request.Path == "/final.png")
            {
                return StubServer.Respond(c, 200, "final", "image/png");
            }

            c.Response.StatusCode = c.Request.Path == "/a" ? 301 : 307;
            c.Response.Headers.Location = c.Request.Path == "/a" ? "/b" : "/final.png";
            return Task.CompletedTask;
        }, Ct);
        await using var services = Services(a => a with { FetchMaxRedirects = 2 });

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/a");

        Assert.Equal("final"u8.ToArray(), result.Attachment!.Content.ToArray());
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task LoadAsync_RedirectToMetadataAfterAnAllowedHop_Refused()
    {
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
            return Task.CompletedTask;
        }, Ct);
        await using var services = Services();

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/img.png"), "attachment_url_refused");

        Assert.Contains("link-local", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task LoadAsync_RedirectToLocalhostByName_Refused()
    {
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = $"http://localhost:{c.Request.Host.Port}/secret";
            return Task.CompletedTask;
        }, Ct);
        await using var services = Services();

        AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/img.png"), "attachment_url_refused");
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task LoadAsync_RedirectToAnotherScheme_Refused()
    {
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = "file:///etc/passwd";
            return Task.CompletedTask;
        }, Ct);
        await using var services = Services();

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/"), "attachment_fetch_failed");

        Assert.Contains("not http or https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_TooManyRedirects_Refused()
    {
        await using var stub = await StubServer.StartAsync((c, n) =>
        {
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = $"/hop{n}";
            return Task.CompletedTask;
        }, Ct);
        await using var services = Services(a => a with { FetchMaxRedirects = 2 });

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/"), "attachment_fetch_failed");

        Assert.Contains("more than 2 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task LoadAsync_ContentLengthOverTheCap_RefusedAsTooLarge()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.ContentLength = 2 * 1024 * 1024;
            c.Response.ContentType = "image/png";
            await c.Response.Body.WriteAsync(new byte[2 * 1024 * 1024], c.RequestAborted);
        }, Ct);
        await using var services = Services(a => a with { FetchMaxMb = 1 });

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/big.png"), "attachment_too_large");

        Assert.Contains("1 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ChunkedBodyOverTheCap_RefusedAsTooLarge()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.ContentType = "image/png";
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 40; i++)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
            }
        }, Ct);
        await using var services = Services(a => a with { FetchMaxMb = 1 });

        AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/big.png"), "attachment_too_large");
    }

    [Fact]
    public async Task LoadAsync_ChunkedBodyAtTheCap_IsLoaded()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            var chunk = new byte[256 * 1024];
            for (var i = 0; i < 4; i++)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
            }
        }, Ct);
        await using var services = Services(a => a with { FetchMaxMb = 1 });

        var result = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/exact.png");

        Assert.Equal(1024 * 1024, result.Attachment!.Content.Length);
    }

    [Fact]
    public async Task LoadAsync_SlowServer_RefusedAsTimeout()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            await c.Response.Body.WriteAsync(new byte[10], c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted);
        }, Ct);
        await using var services = Services(a => a with { FetchTimeout = 0.3 });

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/slow.png"), "attachment_fetch_timeout");

        Assert.Contains("0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(304)]
    public async Task LoadAsync_NonSuccessStatus_RefusedNamingTheStatus(int status)
    {
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, status, "no"), Ct);
        await using var services = Services();

        var error = AssertRefused(await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/x.png"), "attachment_fetch_failed");

        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_NothingListening_RefusedAsFetchFailed()
    {
        await using var services = Services();

        var error = AssertRefused(await LoadAsync(services, "http://127.0.0.1:9/x.png"), "attachment_fetch_failed");

        Assert.Contains("connection failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_UnresolvableName_RefusedAsFetchFailed()
    {
        await using var services = Services();

        var error = AssertRefused(await LoadAsync(services, "http://no-such-host.invalid/x.png"), "attachment_fetch_failed");

        Assert.Contains("could not be resolved", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/x.png")]
    [InlineData("not a url")]
    [InlineData("/relative/x.png")]
    public async Task LoadAsync_NotHttpOrDataUri_RefusedAsInvalid(string source)
    {
        await using var services = Services();

        AssertRefused(await LoadAsync(services, source), "invalid_attachment");
    }

    [Fact]
    public async Task LoadAsync_DataUri_IsDecoded()
    {
        await using var services = Services();

        var result = await LoadAsync(services, "data:image/jpeg;base64," + Convert.ToBase64String(Image));

        Assert.Equal(Image, result.Attachment!.Content.ToArray());
        Assert.Equal("file.jpeg", result.Attachment.FileName);
    }

    [Fact]
    public async Task LoadAsync_DataUriOverFetchMaxMb_RefusedAsTooLarge()
    {
        await using var services = Services(a => a with { FetchMaxMb = 1 });

        AssertRefused(await LoadAsync(services, "data:image/png;base64," + Convert.ToBase64String(new byte[(1024 * 1024) + 1])), "attachment_too_large");
    }

    [Theory]
    [InlineData("https://gateway.example.test/v1/files/image/users-u-generated-i-image.png", "image/png")]
    [InlineData("https://GATEWAY.example.test/v1/files/image/users-u-generated-i-image.png?x=1", "image/png")]
    [InlineData("http://client-facing.test:8080/v1/files/image/users-u-generated-i-image.png", "image/png")]
    public async Task LoadAsync_LinkToOwnFiles_IsReadFromTheCacheWithoutANetworkCall(string url, string mime)
    {
        await using var services = Services();
        Directory.CreateDirectory(services.ImageDirectory);
        await File.WriteAllBytesAsync(Path.Combine(services.ImageDirectory, "users-u-generated-i-image.png"), Image, Ct);

        var result = await LoadAsync(services, url);

        var file = Assert.IsType<LoadedAttachment>(result.Attachment);
        Assert.Equal(Image, file.Content.ToArray());
        Assert.Equal(mime, file.MimeType);
        Assert.Equal("users-u-generated-i-image.png", file.FileName);
    }

    [Fact]
    public async Task LoadAsync_LinkToOwnVideo_IsMp4()
    {
        await using var services = Services(change: c => c with { App = c.App with { AppUrl = "http://127.0.0.1:8000/" } });
        Directory.CreateDirectory(services.VideoDirectory);
        await File.WriteAllBytesAsync(Path.Combine(services.VideoDirectory, "v.webm"), Image, Ct);

        var result = await LoadAsync(services, "http://127.0.0.1:8000/v1/files/video/v.webm");

        Assert.Equal("video/mp4", result.Attachment!.MimeType);
    }

    [Fact]
    public async Task LoadAsync_LinkUnderAnAppUrlPathPrefix_IsRecognised()
    {
        await using var services = Services(change: c => c with { App = c.App with { AppUrl = "https://example.test/grok" } });
        Directory.CreateDirectory(services.ImageDirectory);
        await File.WriteAllBytesAsync(Path.Combine(services.ImageDirectory, "a.gif"), Image, Ct);

        var result = await LoadAsync(services, "https://example.test/grok/v1/files/image/a.gif");

        Assert.Equal("image/gif", result.Attachment!.MimeType);
    }

    [Theory]
    [InlineData("https://gateway.example.test/v1/files/image/missing.png")]
    [InlineData("https://gateway.example.test/v1/files/image/..%2F..%2Fconfig.toml")]
    [InlineData("https://gateway.example.test/v1/files/audio/x.png")]
    [InlineData("http://client-facing.test:8080/v1/files/video/missing.mp4")]
    public async Task LoadAsync_OwnLinkToNoCachedFile_Refused400(string url)
    {
        await using var services = Services();
        await File.WriteAllTextAsync(Path.Combine(services.DataDirectory, "config.toml"), "secret", Ct);

        AssertRefused(await LoadAsync(services, url), "attachment_not_found");
    }

    [Fact]
    public async Task LoadAsync_OwnCachedFileOverTheCap_RefusedAsTooLarge()
    {
        await using var services = Services(a => a with { FetchMaxMb = 1 });
        Directory.CreateDirectory(services.ImageDirectory);
        await File.WriteAllBytesAsync(Path.Combine(services.ImageDirectory, "big.png"), new byte[(1024 * 1024) + 1], Ct);

        AssertRefused(await LoadAsync(services, "https://gateway.example.test/v1/files/image/big.png"), "attachment_too_large");
    }

    [Fact]
    public async Task LoadAsync_ThroughTheBaseProxy_FetchesViaTheProxyAndStillRefusesInternalTargets()
    {
        await using var target = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "via proxy", "image/png"), Ct);
        await using var proxy = await TestForwardProxy.StartAsync(null, Ct);
        await using var services = Services(change: c => c with { Proxy = c.Proxy with { BaseProxyUrl = proxy.Url() } });

        var fetched = await LoadAsync(services, $"http://127.0.0.1:{target.BaseUri.Port}/p.png");
        var refused = await LoadAsync(services, "http://169.254.169.254/latest/meta-data/");

        Assert.Equal("via proxy"u8.ToArray(), fetched.Attachment!.Content.ToArray());
        Assert.Single(proxy.Relayed);
        AssertRefused(refused, "attachment_url_refused");
    }

    [Fact]
    public async Task LoadAsync_AllowlistedHostName_MayResolveToLoopback()
    {
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "named", "image/png"), Ct);
        await using var services = Services(a => a with { FetchAllow = ["localhost"] });

        var result = await LoadAsync(services, $"http://localhost:{stub.BaseUri.Port}/n.png");

        Assert.Equal("named"u8.ToArray(), result.Attachment!.Content.ToArray());
    }
}
