using System.ClientModel;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator.Media;
using OpenAI.Images;

namespace Grok2Api.Proxy.FunctionalTests.Images.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> through the official OpenAI .NET SDK (<see cref="ImageClient"/>) on real
/// Kestrel in front of the simulator: the upstream sequence (upload-file, media post, conversation with
/// the image-edit model map), the bytes returned in both formats, n, and the image types.
/// </summary>
public sealed class ImageEditSdkTests
{
    [Fact]
    public async Task EditOfAPng_ReachesTheUpstreamAsUploadMediaPostAndImagineImageEditConversation_BytesAreTheSimulatorsImage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var png = ImageEditKit.Png();

        GeneratedImage image = await ImageEditKit.Sdk(env).GenerateImageEditAsync(
            new MemoryStream(png), "cat.png", "make the cat blue", new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes }, ct).WaitAsync(ImageEditKit.Bound, ct);

        // upload-file: the PNG as sent, typed by its bytes.
        var upload = Assert.Single(env.Simulator.Uploads.ForToken(token));
        Assert.Equal(png, upload.Content.ToArray());
        Assert.Equal("image/png", upload.MimeType);
        var uploadedUrl = env.Simulator.BaseUrl.TrimEnd('/') + "/" + upload.FileUri;

        // media/post/create: an image post of the uploaded file's assets URL.
        var post = Assert.Single(env.Simulator.MediaPosts.ForToken(token));
        Assert.Equal(MediaPostTypes.Image, post.MediaType);
        Assert.Equal(uploadedUrl, post.MediaUrl);

        // conversations/new with modelName imagine-image-edit (the simulator records only those as edits).
        var edit = Assert.Single(env.Simulator.ImageEdits.ForToken(token));
        Assert.Equal("make the cat blue", edit.Prompt);
        Assert.Equal([uploadedUrl], edit.ImageReferences);
        Assert.Equal(post.Id, edit.ParentPostId);
        Assert.Equal("imagine", edit.ImageEditModel);
        var conversation = Assert.Single(env.Simulator.Requests, r => r.Path == Simulator.UpstreamPaths.ConversationsNew);
        using (var body = System.Text.Json.JsonDocument.Parse(conversation.Body))
        {
            var root = body.RootElement;
            Assert.Equal("imagine-image-edit", root.GetProperty("modelName").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("modelMode").ValueKind);
            Assert.True(root.GetProperty("toolOverrides").GetProperty("imageGen").GetBoolean());
            Assert.Equal(0, root.GetProperty("fileAttachments").GetArrayLength());
        }

        // In that order, all with the one account.
        var sequence = env.Simulator.Requests.Where(r => r.Path.StartsWith("/rest/", StringComparison.Ordinal)).OrderBy(r => r.Id).ToList();
        Assert.Equal([Simulator.UpstreamPaths.UploadFile, Simulator.UpstreamPaths.MediaPostCreate, Simulator.UpstreamPaths.ConversationsNew], sequence.Select(r => r.Path));
        Assert.All(sequence, r => Assert.Equal(token, r.Token));

        Assert.Equal(ImageEditKit.EditedImages(env)[0], image.ImageBytes.ToArray());
        Assert.Null(image.ImageUri);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota - 4, env.View(token).Quota);
    }

    [Fact]
    public async Task UrlFormat_LinksDownloadTheSimulatorsEditedImages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        GeneratedImageCollection images = await ImageEditKit.Sdk(env).GenerateImageEditsAsync(
            new MemoryStream(ImageEditKit.Png()), "a.png", "sharper", 2, new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Uri }, ct).WaitAsync(ImageEditKit.Bound, ct);

        var expected = ImageEditKit.EditedImages(env);
        Assert.Equal(2, images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            Assert.Null(images[i].ImageBytes);
            Assert.StartsWith("/v1/files/image/", images[i].ImageUri.AbsolutePath, StringComparison.Ordinal);
            using var download = await env.Http.GetAsync(images[i].ImageUri.PathAndQuery, ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(expected[i], await download.Content.ReadAsByteArrayAsync(ct));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    public async Task N_ReturnsThatManyImages_OneConversationPerTwo_AllFromTheSameUpload(int n, int conversations)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        GeneratedImageCollection images = await ImageEditKit.Sdk(env).GenerateImageEditsAsync(
            new MemoryStream(ImageEditKit.Png()), "a.png", "more light", n, new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes }, ct).WaitAsync(ImageEditKit.Bound, ct);

        Assert.Equal(n, images.Count);
        var edits = env.Simulator.ImageEdits.ForToken(token);
        Assert.Equal(conversations, edits.Count);
        Assert.Single(env.Simulator.Uploads.ForToken(token));
        Assert.Single(env.Simulator.MediaPosts.ForToken(token));
        Assert.All(edits, e => Assert.Equal(edits[0].ImageReferences, e.ImageReferences));
        var expected = ImageEditKit.EditedImages(env).Take(n).ToList();
        Assert.Equal(expected, images.Select(i => i.ImageBytes.ToArray()));
        Assert.Equal(n, images.Select(i => Convert.ToBase64String(i.ImageBytes)).Distinct().Count());
    }

    [Theory]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("webp", "image/webp")]
    public async Task JpegAndWebp_Accepted_UploadedWithTheirType(string kind, string mimeType)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var bytes = kind == "jpeg" ? ImageEditKit.Jpeg() : ImageEditKit.Webp();

        GeneratedImage image = await ImageEditKit.Sdk(env).GenerateImageEditAsync(
            new MemoryStream(bytes), "photo.bin", "warmer", new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes }, ct).WaitAsync(ImageEditKit.Bound, ct);

        var upload = Assert.Single(env.Simulator.Uploads.ForToken(token));
        Assert.Equal(mimeType, upload.MimeType);
        Assert.Equal(bytes, upload.Content.ToArray());
        Assert.Equal(ImageEditKit.EditedImages(env)[0], image.ImageBytes.ToArray());
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("junk")]
    public async Task GifOrJunk_Refused400_NothingSentUpstream(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var bytes = kind == "gif" ? ImageEditKit.Gif() : "this is not an image at all"u8.ToArray();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => ImageEditKit.Sdk(env).GenerateImageEditAsync(
            new MemoryStream(bytes), "a.png", "x", new ImageEditOptions(), ct).WaitAsync(ImageEditKit.Bound, ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("invalid_image_type", error.Message, StringComparison.Ordinal);
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task AnotherModel_Refused400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => ImageEditKit.Sdk(env, "dall-e-2").GenerateImageEditAsync(
            new MemoryStream(ImageEditKit.Png()), "a.png", "x", new ImageEditOptions(), ct).WaitAsync(ImageEditKit.Bound, ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("model_not_supported", error.Message, StringComparison.Ordinal);
    }
}
