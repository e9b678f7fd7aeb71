using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>What <c>/v1/images/generations</c> refuses before any upstream call: content type, API key, body size, bad parameters.</summary>
public sealed class ImageRequestTests
{
    [Fact]
    public async Task BadRequests_ClearOpenAiErrors_NoUpstreamCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);

        await ExpectAsync(env, ImageTestKit.Body(11), 400, "invalid_value", "n", ct);
        await ExpectAsync(env, ImageTestKit.Body(0), 400, "invalid_value", "n", ct);
        await ExpectAsync(env, ImageTestKit.Body(1, size: "512x512"), 400, "invalid_value", "size", ct, contains: "1280x720, 720x1280, 1792x1024, 1024x1792, 1024x1024");
        await ExpectAsync(env, ImageTestKit.Body(1, format: "png"), 400, "invalid_value", "response_format", ct);
        await ExpectAsync(env, ImageTestKit.Body(1, prompt: " "), 400, "missing_required_parameter", "prompt", ct);
        var otherModel = ImageTestKit.Body(1);
        otherModel["model"] = "grok-4";
        await ExpectAsync(env, otherModel, 400, "model_not_supported", "model", ct);
        var nString = ImageTestKit.Body(1);
        nString["n"] = "2";
        await ExpectAsync(env, nString, 400, "invalid_type", "n", ct);

        using (var form = new HttpRequestMessage(HttpMethod.Post, "/v1/images/generations") { Content = new StringContent("prompt=x", Encoding.UTF8, "application/x-www-form-urlencoded") })
        using (var response = await env.Http.SendAsync(form, ct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        Assert.Empty(env.Simulator.Requests);
        Assert.Equal(0, env.InFlight);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(token).Quota);
    }

    [Fact]
    public async Task ApiKey_Required_LikeEveryV1Route()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(app: "api_key = \"sk-images\""));
        await env.AddTokenAsync(ct);

        using (var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1), ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images/generations")
        {
            Content = new StringContent(ImageTestKit.Body(1).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-images");
        using var ok = await env.Http.SendAsync(request, ct).WaitAsync(ImageTestKit.Bound, ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task BodyAboveMaxBody_413()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings() with { MaxBodyMb = 1 });

        var body = ImageTestKit.Body(1, prompt: new string('x', 1_100_000));
        using var response = await ImageTestKit.PostAsync(env, body, ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task LargePromptOfOneCharacter_ReachesTheUpstreamWhole_WithinTheTestBound()
    {
        // Every per-request text step (the reader, the socket message, the usage count) is linear in
        // its input: a 900 KB prompt of one character (the simulator takes socket messages up to
        // 1 MiB) is served well within the test's bound.
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);
        var prompt = new string('a', 900 * 1024);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1, prompt: prompt), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(prompt, Assert.Single(env.Simulator.Imagine.Received).Prompt);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Single(answer["data"]!.AsArray());
    }

    [Fact]
    public async Task AppImageFormatBase64_IsTheDefaultFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(imageFormat: "base64"));
        await env.AddTokenAsync(ct);
        var body = ImageTestKit.Body(1);
        body.Remove("response_format");

        using var response = await ImageTestKit.PostAsync(env, body, ct);

        var item = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["data"]![0]!;
        Assert.NotNull(item["b64_json"]);
        Assert.Null(item["url"]);
    }

    private static async Task ExpectAsync(ChatEnvironment env, JsonObject body, int status, string code, string param, CancellationToken ct, string? contains = null)
    {
        using var response = await ImageTestKit.PostAsync(env, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(status == (int)response.StatusCode, text);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal(param, error["param"]!.GetValue<string>());
        if (contains is not null)
        {
            Assert.Contains(contains, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }
}
