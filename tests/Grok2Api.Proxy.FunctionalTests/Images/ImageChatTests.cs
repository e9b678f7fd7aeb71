using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator.Imagine;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>
/// <c>grok-imagine-1.0</c> through <c>/v1/chat/completions</c> with <c>image_config</c>: answered in chat
/// shapes with the images as markdown in the content, progress as reasoning when thinking is on.
/// </summary>
public sealed partial class ImageChatTests
{
    public static JsonObject Body(int n, bool stream, string format = "url", string? effort = null)
    {
        var body = new JsonObject
        {
            ["model"] = ImageTestKit.Model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "You draw." },
                new JsonObject { ["role"] = "user", ["content"] = "a blue whale" }),
            ["stream"] = stream,
            ["image_config"] = new JsonObject { ["n"] = n, ["size"] = "720x1280", ["response_format"] = format },
        };
        if (effort is not null)
        {
            body["reasoning_effort"] = effort;
        }

        return body;
    }

    [Fact]
    public async Task Sdk_NonStream_TwoImagesAsMarkdownLinks_DownloadTheFinals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);

        // The SDK has no image_config: the plain request takes n 1 and app.image_format (url).
        ChatCompletion completion = await env.Sdk(ImageTestKit.Model).CompleteChatAsync([new UserChatMessage("a blue whale")], cancellationToken: ct).WaitAsync(ImageTestKit.Bound, ct);

        var links = MarkdownImage().Matches(completion.Content[0].Text).Select(m => new Uri(m.Groups[1].Value)).ToList();
        var session = Assert.Single(env.Simulator.Imagine.Received);
        Assert.Equal("a blue whale", session.Prompt);
        Assert.Equal("1:1", session.AspectRatio);
        Assert.Equal(ImagineImages.Final(session.ImageIds[0]), await ImageTestKit.DownloadAsync(env, Assert.Single(links), ct));
        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, token, ChatEnvironment.DefaultQuota);
    }

    [Fact]
    public async Task Raw_NonStream_ImageConfigN2_TwoMarkdownImages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(Body(2, stream: false), ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("chat.completion", answer["object"]!.GetValue<string>());
        var content = answer["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        var links = MarkdownImage().Matches(content).Select(m => new Uri(m.Groups[1].Value)).ToList();
        Assert.Equal(2, links.Count);
        var finals = ImageTestKit.SimulatorFinals(env.Simulator);
        foreach (var link in links)
        {
            Assert.Contains(Convert.ToBase64String(await ImageTestKit.DownloadAsync(env, link, ct)), finals);
        }

        Assert.Equal("9:16", Assert.Single(env.Simulator.Imagine.Received).AspectRatio);
    }

    [Fact]
    public async Task Stream_WithThinking_ProgressAsReasoning_ImagesInContent_Done()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        var transcript = await env.StreamAsync(Body(2, stream: true, effort: "low"), ct);

        Assert.Empty(transcript.Errors);
        Assert.Equal(["stop"], transcript.FinishReasons);
        Assert.True(transcript.EndsWithDone);
        Assert.Equal(2, MarkdownImage().Matches(transcript.Content).Count);
        Assert.Contains("image 1: preview received", transcript.Reasoning, StringComparison.Ordinal);
        Assert.Contains("image 2: medium quality received", transcript.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ReasoningNone_NoProgress()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        var transcript = await env.StreamAsync(Body(1, stream: true, effort: "none"), ct);

        Assert.Empty(transcript.Reasoning);
        Assert.Single(MarkdownImage().Matches(transcript.Content));
    }

    [Fact]
    public async Task Base64Format_DataUriInTheMarkdown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(Body(1, stream: false, format: "b64_json"), ct);

        var content = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        var id = Assert.Single(env.Simulator.Imagine.Received).ImageIds[0];
        Assert.Contains($"![{id}](data:image/jpeg;base64,{Convert.ToBase64String(ImagineImages.Final(id))})", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadImageConfig_400NamingTheField_NoUpstreamCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);
        var body = Body(1, stream: false);
        body["image_config"]!["size"] = "10x10";

        using var response = await env.PostAsync(body, ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"param\":\"image_config.size\"", text, StringComparison.Ordinal);
        Assert.Contains("1792x1024", text, StringComparison.Ordinal);
        Assert.Empty(env.Simulator.Requests);
    }

    [GeneratedRegex(@"!\[[^\]]*\]\((http[^)]+)\)")]
    private static partial Regex MarkdownImage();
}
