using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.ImageEdit;

namespace Grok2Api.Proxy.FunctionalTests.Images.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> over raw multipart HTTP: several source images, each refused field
/// named in its 400, the content type and size limits, the SSE stream of <c>image_edit.*</c> events (partial images, then the finished ones),
/// and a moderated edit.
/// </summary>
public sealed class ImageEditMultipartTests
{
    [Theory]
    [InlineData("image")]
    [InlineData("image[]")]
    public async Task SeveralImages_AllUploaded_AllReferencedInOrder_PostFromTheFirst(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        byte[][] sources = [ImageEditKit.Png(1), ImageEditKit.Jpeg(2), ImageEditKit.Webp(3)];

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("merge them", sources, field, ("response_format", "b64_json")), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var uploads = env.Simulator.Uploads.ForToken(token);
        Assert.Equal(sources, uploads.Select(u => u.Content.ToArray()));
        Assert.Equal(["image/png", "image/jpeg", "image/webp"], uploads.Select(u => u.MimeType));
        var urls = uploads.Select(u => env.Simulator.BaseUrl.TrimEnd('/') + "/" + u.FileUri).ToList();
        var edit = Assert.Single(env.Simulator.ImageEdits.ForToken(token));
        Assert.Equal(urls, edit.ImageReferences);
        Assert.Equal(urls[0], Assert.Single(env.Simulator.MediaPosts.ForToken(token)).MediaUrl);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(1, data.GetArrayLength());
        Assert.Equal(ImageEditKit.EditedImages(env)[0], data[0].GetProperty("b64_json").GetBytesFromBase64());
    }

    [Fact]
    public async Task BadFields_400NamingEach_NothingSentUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        byte[][] png = [ImageEditKit.Png()];

        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("n", "11")), "n", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("n", "two")), "n", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("size", "640x480")), "size", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("response_format", "png")), "response_format", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("stream", "perhaps")), "stream", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("stream", "true"), ("n", "3")), "n", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", png, "image", ("model", "grok-4")), "model", ct);
        await ExpectAsync(env, ImageEditKit.Form(" ", png), "prompt", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", []), "image", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", [ImageEditKit.Png(), ImageEditKit.Gif()], "image[]"), "image[]", ct);
        await ExpectAsync(env, ImageEditKit.Form("x", Enumerable.Range(0, 17).Select(i => ImageEditKit.Png((byte)i))), "image", ct);

        Assert.Empty(env.Simulator.Requests);
        Assert.Equal(0, env.InFlight);
    }

    [Fact]
    public async Task NotMultipart_415_BrokenMultipart_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using (var json = await ImageEditKit.PostAsync(env, new StringContent("""{"prompt":"x"}""", Encoding.UTF8, "application/json"), ct))
        {
            await OpenAiAssert.ErrorAsync(json, HttpStatusCode.UnsupportedMediaType, "invalid_request_error", "unsupported_media_type", ct);
        }

        var broken = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=prompt\r\n\r\nunterminated"u8.ToArray());
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using (var response = await ImageEditKit.PostAsync(env, broken, ct))
        {
            await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_multipart", ct);
        }

        var noBoundary = new ByteArrayContent("x"u8.ToArray());
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using (var response = await ImageEditKit.PostAsync(env, noBoundary, ct))
        {
            await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_multipart", ct);
        }

        // A "filename*" parameter without a value makes ASP.NET Core's header reader throw: still a 400.
        var valuelessStar = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"image\"; filename*\r\n\r\nx\r\n--b--\r\n"u8.ToArray());
        valuelessStar.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using (var response = await ImageEditKit.PostAsync(env, valuelessStar, ct))
        {
            await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_multipart", ct);
        }

        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task BodyOverMaxBodyMb_413_DeclaredOrChunked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxBodyMb = 1 });
        await env.AddTokenAsync(ct);
        var large = new byte[(int)(1.5 * 1024 * 1024)];
        ImageEditKit.Png().CopyTo(large, 0);

        using (var declared = await ImageEditKit.PostAsync(env, ImageEditKit.Form("x", [large]), ct))
        {
            await OpenAiAssert.ErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large", ct);
        }

        // Without a Content-Length the body is read until the limit, then refused.
        using (var image = await SendChunkedAsync(env, ImageEditKit.Form("x", [large]), ct))
        {
            await OpenAiAssert.ErrorAsync(image, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large", ct);
        }

        // So is a body over the limit made of fields each below their own limit.
        var fields = Enumerable.Range(0, 6).Select(i => ($"extra{i}", new string('f', 250 * 1024))).ToArray();
        using (var body = await SendChunkedAsync(env, ImageEditKit.Form("x", [ImageEditKit.Png()], "image", fields), ct))
        {
            await OpenAiAssert.ErrorAsync(body, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large", ct);
        }

        Assert.Empty(env.Simulator.Requests);
    }

    private static async Task<HttpResponseMessage> SendChunkedAsync(ChatEnvironment env, MultipartFormDataContent form, CancellationToken ct)
    {
        using (form)
        {
            var chunked = new StreamContent(new MemoryStream(await form.ReadAsByteArrayAsync(ct)));
            chunked.Headers.ContentType = form.Headers.ContentType;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images/edits") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            return await env.Http.SendAsync(request, ct);
        }
    }

    [Theory]
    [InlineData(1, "b64_json")]
    [InlineData(2, "b64_json")]
    [InlineData(2, "url")]
    public async Task Stream_ImageEditCompletedEventPerImage_WithTheSimulatorsBytes(int n, string format)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await ImageEditKit.PostAsync(
            env, ImageEditKit.Form("stream it", [ImageEditKit.Png()], "image", ("stream", "true"), ("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("response_format", format)), ct, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response, ct);
        // The upstream's intermediate rendering of each image (at 50 %) first, as OpenAI's partial images, then the finished ones.
        Assert.Equal(Enumerable.Repeat("image_edit.partial_image", n).Concat(Enumerable.Repeat("image_edit.completed", n)), events.Select(e => e.Name));
        var expected = ImageEditKit.EditedImages(env);
        for (var i = 0; i < n; i++)
        {
            var partial = events[i].Data;
            Assert.Equal("image_edit.partial_image", partial.GetProperty("type").GetString());
            Assert.Equal(i, partial.GetProperty("index").GetInt32());
            Assert.Equal(0, partial.GetProperty("partial_image_index").GetInt32());
            Assert.False(partial.TryGetProperty("usage", out _));
            Assert.Equal(AssetStore.DefaultContent(PartOf(expectedPaths(env)[i])), await ImageOfAsync(env, partial, format, ct));

            var data = events[n + i].Data;
            Assert.Equal("image_edit.completed", data.GetProperty("type").GetString());
            Assert.Equal(i, data.GetProperty("index").GetInt32());
            Assert.True(data.TryGetProperty("usage", out _));
            Assert.Equal(expected[i], await ImageOfAsync(env, data, format, ct));
        }

        static List<string> expectedPaths(ChatEnvironment env) => [.. env.Simulator.ImageEdits.Received.SelectMany(r => r.GeneratedImageUrls)];
    }

    // The simulator's intermediate rendering of a finished image: …/<id>-part-0/image.jpg.
    private static string PartOf(string finalPath) => finalPath.Replace("/image.jpg", "-part-0/image.jpg", StringComparison.Ordinal);

    private static async Task<byte[]> ImageOfAsync(ChatEnvironment env, JsonElement data, string format, CancellationToken ct) =>
        format == "b64_json"
            ? data.GetProperty("b64_json").GetBytesFromBase64()
            : await env.Http.GetByteArrayAsync(new Uri(data.GetProperty("url").GetString()!).PathAndQuery, ct);

    [Fact]
    public async Task Moderated_400ContentPolicyViolation_NoOtherAccountTried_NotCharged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.ImageEdits.Enqueue(first, ImageEditOutcome.Moderated);

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("something forbidden", [ImageEditKit.Png()]), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "content_policy_violation", ct);
        Assert.Single(env.Simulator.ImageEdits.ForToken(first));
        Assert.Equal(0, env.Simulator.RequestCount(second));
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
        Assert.Equal(ChatEnvironment.SecondQuota, env.View(second).Quota);
    }

    [Fact]
    public async Task Moderated_Streamed_PartialThenAContentPolicyErrorEvent_NoOtherAccount_NotCharged()
    {
        // As an image-generation stream with a blocked prompt: the partial rendering went out, so the refusal ends the stream.
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.ImageEdits.Enqueue(first, ImageEditOutcome.Moderated);

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("forbidden", [ImageEditKit.Png()], "image", ("stream", "true")), ct, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await ReadEventsAsync(response, ct);
        Assert.Equal(["image_edit.partial_image", "error"], events.Select(e => e.Name));
        Assert.Equal("content_policy_violation", events[1].Data.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, env.Simulator.RequestCount(second));
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
    }

    [Fact]
    public async Task FewerImagesThanAsked_ThoseItGot_AndAPartialFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.ImageEdits.Enqueue(token, ImageEditOutcome.OneImage);

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("two please", [ImageEditKit.Png()], "image", ("n", "2"), ("response_format", "b64_json")), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(1, data.GetArrayLength());
        Assert.Equal(ImageEditKit.EditedImages(env)[0], data[0].GetProperty("b64_json").GetBytesFromBase64());
        var partial = body.RootElement.GetProperty("partial_failure");
        Assert.Equal(2, partial.GetProperty("requested").GetInt32());
        Assert.Equal(1, partial.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Stream_FewerImagesThanAsked_CompletedThenAnIncompleteErrorEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.ImageEdits.Enqueue(token, ImageEditOutcome.OneImage);

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("two please", [ImageEditKit.Png()], "image", ("stream", "true"), ("n", "2")), ct, HttpCompletionOption.ResponseHeadersRead);

        var events = await ReadEventsAsync(response, ct);
        Assert.Equal(["image_edit.partial_image", "image_edit.completed", "error"], events.Select(e => e.Name));
        Assert.Equal("images_incomplete", events[2].Data.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stream_ConnectionResetAfterTheFirstImage_ErrorEventEndsIt_NoOtherAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        // conversation, userResponse, 5 % twice, 50 % twice (a partial image each), then the first image at 100 %: reset after it.
        env.Simulator.Faults.Enqueue(first, Simulator.Faults.Fault.ConnectionReset(afterLines: 7).OnlyFor(Simulator.UpstreamPaths.ConversationsNew));

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("cut", [ImageEditKit.Png()], "image", ("stream", "true"), ("n", "2")), ct, HttpCompletionOption.ResponseHeadersRead);

        var events = await ReadEventsAsync(response, ct);
        Assert.Equal(["image_edit.partial_image", "image_edit.partial_image", "image_edit.completed", "error"], events.Select(e => e.Name));
        Assert.Equal(0, env.Simulator.RequestCount(second));
        await env.SettledAsync(ct);
        Assert.Equal(0, env.View(first).UseCount);
    }

    private static async Task ExpectAsync(ChatEnvironment env, HttpContent form, string param, CancellationToken ct)
    {
        using var response = await ImageEditKit.PostAsync(env, form, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    private static async Task<List<(string Name, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? name = null;
        while (await reader.ReadLineAsync(ct).AsTask().WaitAsync(ImageEditKit.Bound, ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["data: ".Length..]);
                events.Add((name ?? "(none)", document.RootElement.Clone()));
                name = null;
            }
        }

        return events;
    }
}
