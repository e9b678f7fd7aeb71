using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Tests.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Configuration;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class GrokFileUploaderTests : IAsyncLifetime
{
    private const string Token = MediaTestServices.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // 0xFB 0xFF gives '+' and '/' in base64, which must reach the upstream unescaped.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFB, 0xFF, 0xBF, 0x3E, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))];

    private GrokSimulator _sim = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sim = await GrokSimulator.StartAsync(cancellationToken: Ct).WaitAsync(Bound, Ct);

    public async ValueTask DisposeAsync() => await _sim.DisposeAsync();

    private MediaTestServices Services(Func<GrokConfig, GrokConfig>? change = null) =>
        MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri, c =>
        {
            var config = c with { Asset = c.Asset with { FetchAllow = ["127.0.0.1"] } };
            return change is null ? config : change(config);
        }));

    private static async Task<LoadedAttachment> LoadAsync(MediaTestServices services, string source)
    {
        var result = await services.Loader.LoadAsync(
            new ConversationAttachment(ConversationPartKind.Image, source, null, "messages[0].content[0].image_url.url"), MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);
        return Assert.IsType<LoadedAttachment>(result.Attachment);
    }

    [Fact]
    public async Task UploadAsync_DataUriImage_ReachesUploadFileByteForByte()
    {
        await using var services = Services();
        var file = await LoadAsync(services, "data:image/png;base64," + Convert.ToBase64String(Png));

        var result = await services.Uploader.UploadAsync(Token, file, Ct).WaitAsync(Bound, Ct);

        Assert.True(result.IsSuccess);
        var upload = Assert.Single(_sim.Uploads.All);
        Assert.Equal(Png, upload.Content.ToArray());
        Assert.Equal("file.png", upload.FileName);
        Assert.Equal("image/png", upload.MimeType);
        Assert.Equal(Token, upload.Token);
        Assert.Equal(upload.FileMetadataId, result.FileMetadataId);
        Assert.Equal(upload.FileUri, result.FileUri);
    }

    [Fact]
    public async Task UploadAsync_UrlImage_ReachesUploadFileByteForByte()
    {
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.ContentType = "image/jpeg";
            await c.Response.Body.WriteAsync(Png, c.RequestAborted);
        }, Ct);
        await using var services = Services();
        var file = await LoadAsync(services, $"http://127.0.0.1:{stub.BaseUri.Port}/photos/cat.jpg");

        var result = await services.Uploader.UploadAsync(Token, file, Ct).WaitAsync(Bound, Ct);

        Assert.True(result.IsSuccess);
        var upload = Assert.Single(_sim.Uploads.All);
        Assert.Equal(Png, upload.Content.ToArray());
        Assert.Equal("cat.jpg", upload.FileName);
        Assert.Equal("image/jpeg", upload.MimeType);
    }

    [Fact]
    public async Task UploadAsync_Body_IsTheDocumentedJsonWithPlainBase64()
    {
        await using var services = Services();

        await services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "my \"pic\".png"), Ct).WaitAsync(Bound, Ct);

        var json = _sim.Requests.Single(r => r.Path == UpstreamPaths.UploadFile).BodyJson()!.AsObject();
        Assert.Equal(["fileName", "fileMimeType", "content"], json.Select(p => p.Key));
        Assert.Equal("my \"pic\".png", json["fileName"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Png), json["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task UploadAsync_LargeFile_ArrivesIntact()
    {
        await using var services = Services();
        var big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);

        var result = await services.Uploader.UploadAsync(Token, new LoadedAttachment(big, "application/pdf", "doc.pdf"), Ct).WaitAsync(Bound, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(big, _sim.Uploads.All.Single().Content.ToArray());
    }

    [Fact]
    public async Task UploadAsync_RateLimited_SurfacesAt429WithoutRetrying()
    {
        await using var services = Services();
        _sim.Faults.SetPersistent(Token, Fault.RateLimited().OnlyFor(UpstreamPaths.UploadFile));

        var result = await services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "file.png"), Ct).WaitAsync(Bound, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(UpstreamFailureKind.RateLimited, result.Upstream.Failure?.Kind);
        Assert.Equal(429, result.Upstream.StatusCode);
        Assert.Equal(1, _sim.RequestCount(Token, UpstreamPaths.UploadFile));
        Assert.Empty(_sim.Uploads.All);
    }

    [Fact]
    public async Task UploadAsync_Unauthorized_SurfacesAfterTheRetryPolicy()
    {
        await using var services = Services();
        _sim.Faults.SetPersistent(Token, Fault.Unauthorized().OnlyFor(UpstreamPaths.UploadFile));

        var result = await services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "file.png"), Ct).WaitAsync(Bound, Ct);

        Assert.Equal(UpstreamFailureKind.Unauthorized, result.Upstream.Failure?.Kind);
        Assert.Equal(3, _sim.RequestCount(Token, UpstreamPaths.UploadFile));
        Assert.Null(result.FileMetadataId);
    }

    [Fact]
    public async Task UploadAsync_200WithoutFileMetadataId_IsAFailure()
    {
        await using var services = Services();
        _sim.Faults.Enqueue(Token, Fault.StreamError(StreamErrorShape.AntiBot).OnlyFor(UpstreamPaths.UploadFile));

        var result = await services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "file.png"), Ct).WaitAsync(Bound, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(UpstreamFailureKind.ServerError, result.Upstream.Failure?.Kind);
        Assert.Equal(200, result.Upstream.StatusCode);
        Assert.Contains("fileMetadataId", result.Upstream.Failure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_Concurrency_BoundedByUploadConcurrent()
    {
        var inFlight = 0;
        var peak = 0;
        await using var upstream = await StubServer.StartAsync(async c =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(100, c.RequestAborted);
            Interlocked.Decrement(ref inFlight);
            await StubServer.Respond(c, 200, """{"fileMetadataId":"f1","fileUri":"users/u/f1/content"}""");
        }, Ct);
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(upstream.BaseUri, c => c with { Asset = c.Asset with { UploadConcurrent = 1 } }));

        var uploads = Enumerable.Range(0, 3).Select(i => services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", $"{i}.png"), Ct));
        var results = await Task.WhenAll(uploads).WaitAsync(Bound, Ct);

        Assert.All(results, r => Assert.Equal("f1", r.FileMetadataId));
        Assert.Equal(3, upstream.Count);
        Assert.Equal(1, Volatile.Read(ref peak));
    }

    [Fact]
    public async Task UploadAsync_NoSlotWithinTheUploadTimeout_TimesOutWithoutCallingTheUpstream()
    {
        await using var services = Services(c => c with { Asset = c.Asset with { UploadConcurrent = 1, UploadTimeout = 20 } });
        // The first upload holds the only slot for 6 s, long enough for the second to start and give up even on a loaded machine.
        _sim.Faults.Enqueue(Token, Fault.Delay(TimeSpan.FromSeconds(6)).OnlyFor(UpstreamPaths.UploadFile));

        var first = services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "a.png"), Ct);
        await _sim.WaitForRequestAsync(r => r.Path == UpstreamPaths.UploadFile, Bound, Ct);
        services.Config.Update(c => c with { Asset = c.Asset with { UploadTimeout = 0.2 } });
        var second = await services.Uploader.UploadAsync(Token, new LoadedAttachment(Png, "image/png", "b.png"), Ct).WaitAsync(Bound, Ct);

        Assert.Equal(UpstreamFailureKind.Timeout, second.Upstream.Failure?.Kind);
        Assert.Equal(0, second.Upstream.Attempts);
        Assert.True((await first.WaitAsync(Bound, Ct)).IsSuccess);
        Assert.Equal(1, _sim.RequestCount(Token, UpstreamPaths.UploadFile));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
