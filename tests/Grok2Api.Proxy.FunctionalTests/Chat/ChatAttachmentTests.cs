using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// Images in chat messages reach grok.com's upload-file byte for byte (data URIs and fetched URLs), their
/// ids go into the conversation's <c>fileAttachments</c>, and URLs into the gateway's own networks are refused.
/// </summary>
public sealed class ChatAttachmentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sdk_DataUriImage_ReachesUploadFileByteForByte_AndIsAttachedToTheConversation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var image = ImageServer.RandomPng(48 * 1024 + 7);

        UserChatMessage message = new(
            ChatMessageContentPart.CreateTextPart("what is in this picture?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(image), "image/png"));
        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([message], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: what is in this picture?", completion.Content[0].Text);
        var upload = Assert.Single(env.Simulator.Uploads.All);
        Assert.Equal(image, upload.Content.ToArray());
        Assert.Equal("image/png", upload.MimeType);
        Assert.Equal(token, upload.Token);
        AssertAttached(env, upload.FileMetadataId);
    }

    [Fact]
    public async Task Sdk_UrlImage_OnAnAllowedLoopbackHost_IsFetchedAndUploadedByteForByte()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var images = await ImageServer.StartAsync(ImageServer.RandomPng(20_000), ct);
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Asset = "fetch_allow = [\"127.0.0.1\"]" });
        await env.AddTokenAsync(ct);

        UserChatMessage message = new(
            ChatMessageContentPart.CreateTextPart("describe"),
            ChatMessageContentPart.CreateImagePart(images.ImageUri));
        var stream = await SdkStream.CollectAsync(env.Sdk("grok-3"), [message], ct);

        Assert.Equal("You said: describe", stream.Content);
        Assert.Equal(1, images.Hits);
        var upload = Assert.Single(env.Simulator.Uploads.All);
        Assert.Equal(images.Image, upload.Content.ToArray());
        Assert.Equal("image/png", upload.MimeType);
        AssertAttached(env, upload.FileMetadataId);
    }

    [Fact]
    public async Task Raw_DataUriAndUrlInOneMessage_BothUploadedInRequestOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var images = await ImageServer.StartAsync(ImageServer.RandomPng(9_999), ct);
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Asset = "fetch_allow = [\"127.0.0.1\"]" });
        await env.AddTokenAsync(ct);
        var inline = ImageServer.RandomPng(3_333);
        var body = ChatBodies.WithImage("grok-3", "two pictures", "data:image/png;base64," + Convert.ToBase64String(inline));
        ((JsonArray)body["messages"]![0]!["content"]!).Add(new JsonObject
        {
            ["type"] = "image_url",
            ["image_url"] = new JsonObject { ["url"] = images.ImageUri.ToString() },
        });

        using var response = await env.PostAsync(body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var uploads = env.Simulator.Uploads.All;
        Assert.Equal(2, uploads.Count);
        var byBytes = uploads.ToDictionary(u => Convert.ToBase64String(u.Content.Span));
        var first = byBytes[Convert.ToBase64String(inline)];
        var second = byBytes[Convert.ToBase64String(images.Image)];
        var chat = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        var attached = chat.BodyJson()!["fileAttachments"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal([first.FileMetadataId, second.FileMetadataId], attached);
    }

    [Fact]
    public async Task UploadRateLimitedOnTheFirstAccount_TheSecondUploadsAndAnswers_WithItsOwnFileId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.RateLimited("60").OnlyFor(UpstreamPaths.UploadFile));
        var image = ImageServer.RandomPng(5_000);

        using var response = await env.PostAsync(ChatBodies.WithImage("grok-3", "upload trouble", "data:image/png;base64," + Convert.ToBase64String(image)), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upload = Assert.Single(env.Simulator.Uploads.All);
        Assert.Equal(second, upload.Token);
        Assert.Equal(image, upload.Content.ToArray());
        // The first account never got to the conversation; the second's conversation carries its own upload.
        Assert.Equal(0, env.Simulator.RequestCount(first, UpstreamPaths.ConversationsNew));
        AssertAttached(env, upload.FileMetadataId);
        await env.SettledAsync(ct);
        Assert.Equal(TokenStatus.Cooling, env.View(first).Status);
        Assert.Equal(ChatEnvironment.SecondQuota - 1, env.View(second).Quota);
    }

    [Theory]
    [InlineData("loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/x.png")]
    [InlineData("http://[::ffff:0:127.0.0.1]:{port}/x.png")]
    [InlineData("http://[64:ff9b:1::7f00:1]:{port}/x.png")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    public async Task UrlIntoTheGatewaysOwnNetwork_Is400_NothingIsFetchedOrSentUpstream(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var images = await ImageServer.StartAsync(ImageServer.RandomPng(100), ct);
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var port = images.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var target = url == "loopback" ? $"http://127.0.0.1:{port}/x.png" : url.Replace("{port}", port, StringComparison.Ordinal);

        using var response = await env.PostAsync(ChatBodies.WithImage("grok-3", "look", target), ct);

        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "attachment_url_refused", ct);
        Assert.Equal("messages[0].content[1].image_url.url", error.GetProperty("param").GetString());
        Assert.Equal(0, images.Hits);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path is UpstreamPaths.ConversationsNew or UpstreamPaths.UploadFile);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(token).Quota);
        Assert.Equal(0, env.InFlight);
    }

    [Fact]
    public async Task Sdk_RefusedUrl_Is400ForTheSdkToo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        UserChatMessage message = new(
            ChatMessageContentPart.CreateTextPart("look"),
            ChatMessageContentPart.CreateImagePart(new Uri("http://169.254.169.254/latest/meta-data")));
        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-3").CompleteChatAsync([message], cancellationToken: ct).WaitAsync(Bound, ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("attachment_url_refused", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    private static void AssertAttached(ChatEnvironment env, string fileMetadataId)
    {
        var chat = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        var attachments = chat.BodyJson()!["fileAttachments"]!.AsArray();
        Assert.Equal(fileMetadataId, Assert.Single(attachments)!.GetValue<string>());
        // The upload was made (and finished) before the conversation that refers to it.
        var upload = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.UploadFile && r.StatusCode == 200);
        Assert.True(upload.Id < chat.Id);
        Assert.Equal(chat.Token, upload.Token);
    }
}
