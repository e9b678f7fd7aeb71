using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Images.Edits;

/// <summary>
/// <c>grok-imagine-1.0-edit</c> through <c>/v1/chat/completions</c>: the last image and the last text of
/// the conversation go through the same edit exchange, and the edited images come back in chat
/// shapes, as markdown images whose links download the simulator's bytes.
/// </summary>
public sealed partial class ImageEditChatTests
{
    [Fact]
    public async Task Sdk_ImageAndText_EditedImageAsMarkdown_LinkDownloadsTheSimulatorsImage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var png = ImageEditKit.Png(7);

        ChatCompletion completion = await env.Sdk(ImageEditKit.Model).CompleteChatAsync(
            [new UserChatMessage(ChatMessageContentPart.CreateTextPart("make the sky red"), ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(png), "image/png"))],
            cancellationToken: ct).WaitAsync(ImageEditKit.Bound, ct);

        var upload = Assert.Single(env.Simulator.Uploads.ForToken(token));
        Assert.Equal(png, upload.Content.ToArray());
        var edit = Assert.Single(env.Simulator.ImageEdits.ForToken(token));
        Assert.Equal("make the sky red", edit.Prompt);
        Assert.Equal(Assert.Single(env.Simulator.MediaPosts.ForToken(token)).Id, edit.ParentPostId);
        var links = Links(completion.Content[0].Text);
        var link = Assert.Single(links);
        Assert.Equal(ImageEditKit.EditedImages(env)[0], await env.Http.GetByteArrayAsync(new Uri(link).PathAndQuery, ct));
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Sdk_Stream_SameMarkdown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var stream = await SdkStream.CollectAsync(
            env.Sdk(ImageEditKit.Model),
            [new UserChatMessage(ChatMessageContentPart.CreateTextPart("brighter"), ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(ImageEditKit.Jpeg()), "image/jpeg"))],
            ct);

        var link = Assert.Single(Links(stream.Content));
        Assert.Equal(ImageEditKit.EditedImages(env)[0], await env.Http.GetByteArrayAsync(new Uri(link).PathAndQuery, ct));
        Assert.Equal([ChatFinishReason.Stop], stream.FinishReasons);
    }

    [Fact]
    public async Task Conversation_LastImageAndLastTextAreEdited_ImageConfigNAndBase64()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var older = ImageEditKit.Png(1);
        var last = ImageEditKit.Png(2);
        var body = new JsonObject
        {
            ["model"] = ImageEditKit.Model,
            ["image_config"] = new JsonObject { ["n"] = 3, ["response_format"] = "b64_json" },
            ["messages"] = new JsonArray(
                new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = "first version" },
                        new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = DataUri(older) } }),
                },
                new JsonObject { ["role"] = "assistant", ["content"] = "here you go" },
                new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = DataUri(last) } },
                        new JsonObject { ["type"] = "text", ["text"] = "now in winter" }),
                }),
        };

        using var response = await env.PostAsync(body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(last, Assert.Single(env.Simulator.Uploads.ForToken(token)).Content.ToArray());
        var edits = env.Simulator.ImageEdits.ForToken(token);
        Assert.Equal(2, edits.Count);
        Assert.All(edits, e => Assert.Equal("now in winter", e.Prompt));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("chat.completion", document.RootElement.GetProperty("object").GetString());
        var content = document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var images = DataUriPattern().Matches(content).Select(m => Convert.FromBase64String(m.Groups["data"].Value)).ToList();
        Assert.Equal(ImageEditKit.EditedImages(env).Take(3), images);
    }

    [Fact]
    public async Task NoImage_OrAGif_400_NothingSentUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using (var noImage = await env.PostAsync(ChatBodies.Text(ImageEditKit.Model, "edit what?"), ct))
        {
            var error = await OpenAiAssert.ErrorAsync(noImage, HttpStatusCode.BadRequest, "invalid_request_error", "missing_image", ct);
            Assert.Equal("messages", error.GetProperty("param").GetString());
        }

        using (var gif = await env.PostAsync(ChatBodies.WithImage(ImageEditKit.Model, "x", DataUri(ImageEditKit.Gif())), ct))
        {
            var error = await OpenAiAssert.ErrorAsync(gif, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_image_type", ct);
            Assert.Equal("messages[0].content[1].image_url.url", error.GetProperty("param").GetString());
        }

        using (var badConfig = await env.PostAsync(new JsonObject
        {
            ["model"] = ImageEditKit.Model,
            ["image_config"] = new JsonObject { ["n"] = 20 },
            ["messages"] = ChatBodies.WithImage(ImageEditKit.Model, "x", DataUri(ImageEditKit.Png()))["messages"]!.DeepClone(),
        }, ct))
        {
            var error = await OpenAiAssert.ErrorAsync(badConfig, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value", ct);
            Assert.Equal("image_config.n", error.GetProperty("param").GetString());
        }

        Assert.Empty(env.Simulator.Requests);
    }

    private static string DataUri(byte[] bytes) => "data:image/png;base64," + Convert.ToBase64String(bytes);

    private static List<string> Links(string content) => [.. MarkdownImage().Matches(content).Select(m => m.Groups["url"].Value)];

    [GeneratedRegex(@"!\[[^\]]*\]\((?<url>https?://[^)\s]+)\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"!\[[^\]]*\]\(data:image/[a-z]+;base64,(?<data>[A-Za-z0-9+/=]+)\)")]
    private static partial Regex DataUriPattern();
}
