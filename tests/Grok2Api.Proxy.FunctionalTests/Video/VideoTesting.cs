using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator.Assets;

namespace Grok2Api.Proxy.FunctionalTests.Video;

/// <summary>What the video tests share: a gateway with short video time limits, tokens in either pool, request bodies and the simulator's video bytes.</summary>
internal static class VideoTesting
{
    public const string Model = "grok-imagine-1.0-video";

    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==");

    /// <summary>Starts the gateway; <paramref name="app"/> adds lines to [app] (app_url is empty so links use the test's host).</summary>
    public static Task<ChatEnvironment> StartAsync(CancellationToken ct, string app = "", double streamTimeout = 2, int concurrent = 10, double retention = 3600, double timeout = 5) =>
        ChatEnvironment.StartAsync(ct, new ChatSettings
        {
            App = "app_url = \"\"\n" + app,
            // [asset] is the last table ChatSettings writes: the [video] table follows it.
            Asset = $"\n[video]\ntimeout = {timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nstream_timeout = {streamTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture)}\nconcurrent = {concurrent}\njob_retention = {retention.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n",
        });

    /// <summary>Adds an ssoSuper token.</summary>
    public static async Task<string> AddSuperTokenAsync(this ChatEnvironment env, CancellationToken ct)
    {
        var token = TestTokens.New();
        var added = await env.Registry.AddAsync("ssoSuper", [token], null, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(1, added.Added);
        return token;
    }

    /// <summary>A chat request for a video.</summary>
    public static JsonObject ChatBody(string prompt, JsonObject? config = null, bool stream = false, string? imageUrl = null, string? reasoningEffort = null)
    {
        var body = imageUrl is null ? ChatBodies.Text(Model, prompt, stream) : ChatBodies.WithImage(Model, prompt, imageUrl, stream);
        if (config is not null)
        {
            body["video_config"] = config;
        }

        if (reasoningEffort is not null)
        {
            body["reasoning_effort"] = reasoningEffort;
        }

        return body;
    }

    /// <summary>The content of a non-stream chat answer, after checking it is a 200.</summary>
    public static async Task<string> ContentAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    /// <summary>The one /v1/files/video link in <paramref name="content"/>.</summary>
    public static Uri VideoLink(string content)
    {
        var match = System.Text.RegularExpressions.Regex.Match(content, "https?://[^\"\\s)]+/v1/files/video/[^\"\\s)]+");
        Assert.True(match.Success, "no video link in: " + content);
        return new Uri(WebUtility.HtmlDecode(match.Value));
    }

    /// <summary>The bytes the simulator serves for an asset path.</summary>
    public static byte[] AssetBytes(string path) => AssetStore.DefaultContent(path);

    /// <summary>The HD path the simulator's upscale answers for a video path.</summary>
    public static string HdPath(string videoPath) => videoPath.Replace("generated_video.mp4", "generated_video_hd.mp4", StringComparison.Ordinal);

    /// <summary>Checks an OpenAI error answer with <paramref name="status"/> (any code) and returns its <c>param</c>.</summary>
    public static async Task<string?> ErrorParamAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.GetProperty("param").GetString();
    }
}
