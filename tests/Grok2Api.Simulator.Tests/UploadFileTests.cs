using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Simulator.Tests;

public sealed class UploadFileTests : SimulatorTestBase
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 250, 251, 252];

    private static HttpRequestMessage Upload(string? token, string body) => Upstream.Post(UpstreamPaths.UploadFile, token, body);

    private static string Body(string name, string mime, byte[] content) =>
        new JsonObject { ["fileName"] = name, ["fileMimeType"] = mime, ["content"] = Convert.ToBase64String(content) }.ToJsonString();

    [Fact]
    public async Task Upload_ValidBody_RecordsDecodedBytesAndAnswersIds()
    {
        using var response = await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Png)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var upload = Assert.Single(Sim.Uploads.All);
        Assert.Equal(upload.FileMetadataId, json["fileMetadataId"]!.GetValue<string>());
        Assert.Equal(upload.FileUri, json["fileUri"]!.GetValue<string>());
        Assert.Matches($"^users/{SimulatedUsers.IdOf(Upstream.Token)}/[0-9a-f-]+/content$", upload.FileUri);
        Assert.Equal(Png, upload.Content.ToArray());
        Assert.Equal("file.png", upload.FileName);
        Assert.Equal("image/png", upload.MimeType);
        Assert.Equal(Upstream.Token, upload.Token);
    }

    [Fact]
    public async Task Upload_TwoUploads_GetDistinctIds()
    {
        (await SendAsync(Upload(Upstream.Token, Body("a.png", "image/png", Png)))).Dispose();
        (await SendAsync(Upload(Upstream.OtherToken, Body("b.png", "image/png", Png)))).Dispose();

        var all = Sim.Uploads.All;
        Assert.Equal(2, all.Count);
        Assert.NotEqual(all[0].FileMetadataId, all[1].FileMetadataId);
        Assert.Single(Sim.Uploads.ForToken(Upstream.OtherToken));
        Assert.NotNull(Sim.Uploads.Find(all[1].FileMetadataId));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"fileName":"a.png","fileMimeType":"image/png"}""")]
    [InlineData("""{"fileName":"","fileMimeType":"image/png","content":"AAAA"}""")]
    [InlineData("""{"fileName":"a.png","fileMimeType":"image/png","content":"data:image/png;base64,AAAA"}""")]
    [InlineData("""{"fileName":"a.png","fileMimeType":"image/png","content":"AA AA"}""")]
    [InlineData("""{"fileName":"a.png","fileMimeType":7,"content":"AAAA"}""")]
    public async Task Upload_BadBody_Returns400AndRecordsNothing(string body)
    {
        using var response = await SendAsync(Upload(Upstream.Token, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Sim.Uploads.All);
    }

    [Fact]
    public async Task Upload_WithoutCookie_Returns401()
    {
        using var response = await SendAsync(Upload(null, Body("file.png", "image/png", Png)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Sim.Uploads.All);
    }

    [Fact]
    public async Task Upload_QueuedRateLimitFault_Returns429()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.RateLimited().OnlyFor(UpstreamPaths.UploadFile));

        using var first = await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Png)));
        using var second = await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Png)));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(Sim.Uploads.All);
    }

    [Fact]
    public async Task Upload_UploadedFile_IsServedAtItsFileUri()
    {
        (await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Png)))).Dispose();
        var upload = Assert.Single(Sim.Uploads.All);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + upload.FileUri);
        request.Headers.TryAddWithoutValidation("Cookie", Upstream.Cookie(Upstream.Token));
        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ControlUploads_ListsContentAndClears()
    {
        (await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Png)))).Dispose();

        using var listed = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/__sim/uploads?token=" + Upstream.Token));
        var items = JsonNode.Parse(await listed.Content.ReadAsStringAsync(Ct))!.AsArray();
        using var cleared = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/__sim/uploads"));

        var item = Assert.Single(items)!;
        Assert.Equal(Convert.ToBase64String(Png), item["contentBase64"]!.GetValue<string>());
        Assert.Equal("file.png", item["fileName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Sim.Uploads.All);
    }

    [Fact]
    public async Task Reset_ForgetsUploads()
    {
        (await SendAsync(Upload(Upstream.Token, Body("file.png", "image/png", Encoding.UTF8.GetBytes("x"))))).Dispose();

        Sim.Reset();

        Assert.Empty(Sim.Uploads.All);
    }
}
