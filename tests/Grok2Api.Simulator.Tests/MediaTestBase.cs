using System.Net;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

/// <summary>The steps the gateway takes before an image edit or a video: upload-file, media/post/create; and asset downloads.</summary>
public abstract class MediaTestBase : SimulatorTestBase
{
    protected static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7];

    /// <summary>The absolute assets URL of a relative asset path, as the gateway builds it (<c>{assets}/&lt;path&gt;</c>).</summary>
    protected string AssetUrl(string path) => Sim.BaseUrl + "/" + path.TrimStart('/');

    /// <summary>Uploads <see cref="Png"/> and returns its <c>fileUri</c>.</summary>
    protected async Task<string> UploadAsync(string token = Upstream.Token)
    {
        var body = new JsonObject { ["fileName"] = "file.png", ["fileMimeType"] = "image/png", ["content"] = Convert.ToBase64String(Png) };
        using var response = await SendAsync(Upstream.Post(UpstreamPaths.UploadFile, token, body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["fileUri"]!.GetValue<string>();
    }

    /// <summary>Creates a post and returns its id.</summary>
    protected async Task<string> CreatePostAsync(JsonObject body, string token = Upstream.Token)
    {
        using var response = await SendAsync(Upstream.Post(UpstreamPaths.MediaPostCreate, token, body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["post"]!["id"]!.GetValue<string>();
    }

    /// <summary>Creates a text-to-video post and returns its id.</summary>
    protected Task<string> CreateVideoPostAsync(string token = Upstream.Token) =>
        CreatePostAsync(new JsonObject { ["mediaType"] = "MEDIA_POST_TYPE_VIDEO", ["prompt"] = "a cat surfing" }, token);

    /// <summary>GET of an asset path (relative or absolute) with the cookie of <paramref name="token"/>.</summary>
    protected Task<HttpResponseMessage> GetAssetAsync(string path, string token = Upstream.Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.StartsWith("http", StringComparison.Ordinal) ? path : "/" + path.TrimStart('/'));
        request.Headers.TryAddWithoutValidation("Cookie", Upstream.Cookie(token));
        return SendAsync(request);
    }

    /// <summary>The bytes of an asset, asserting a 200.</summary>
    protected async Task<byte[]> DownloadAsync(string path, string token = Upstream.Token)
    {
        using var response = await GetAssetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    /// <summary>Every line of a complete conversations/new answer, asserting a 200.</summary>
    protected async Task<List<JsonNode>> ChatLinesAsync(JsonNode body, string token = Upstream.Token)
    {
        using var response = await SendAsync(Upstream.Chat(token, body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Ndjson.ReadAllJsonAsync(response, Ct);
    }

    /// <summary>Sends a conversations/new body and asserts the 400 the simulator answers a malformed one with.</summary>
    protected async Task AssertRefusedAsync(JsonNode body)
    {
        using var response = await SendAsync(Upstream.Chat(Upstream.Token, body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["code"]!.GetValue<int>());
    }

    /// <summary>The <c>result.response</c> objects of the lines that have one.</summary>
    protected static List<JsonObject> Responses(IEnumerable<JsonNode> lines) =>
        [.. lines.Select(l => l["result"]?["response"]).OfType<JsonObject>()];

    /// <summary>A control route call with an optional JSON body.</summary>
    protected Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return SendAsync(request);
    }
}
