using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Imagine;
using Grok2Api.Storage.Tokens;
using OpenAI;
using OpenAI.Images;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>What the image tests share: the gateway's settings, the SDK's image client, raw requests, SSE events, pool checks.</summary>
internal static class ImageTestKit
{
    public const string Model = "grok-imagine-1.0";

    /// <summary>The quota cost of <see cref="Model"/> (docs/grok-protocol.md §10).</summary>
    public const int Cost = 4;

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chat settings plus an <c>[image]</c> table with short waits; an empty <c>app_url</c> makes links use the
    /// host the client called. ChatSettings has no image table of its
    /// own, so it goes after the [app] lines (a TOML table ends where the next header starts).
    /// </summary>
    public static ChatSettings Settings(double finalTimeout = 1, double streamTimeout = 3, double timeout = 20, string imageFormat = "url", string app = "", bool nsfw = false) =>
        new()
        {
            App = string.Create(CultureInfo.InvariantCulture, $"""
                image_format = "{imageFormat}"
                app_url = ""
                {app}

                [image]
                final_timeout = {finalTimeout}
                stream_timeout = {streamTimeout}
                timeout = {timeout}
                nsfw = {(nsfw ? "true" : "false")}
                """),
        };

    public static ImageClient Sdk(ChatEnvironment env) => new(Model, new ApiKeyCredential("sk-any-key"), new OpenAIClientOptions
    {
        Endpoint = new Uri(env.Gateway.BaseAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = Bound,
    });

    public static async Task<HttpResponseMessage> PostAsync(ChatEnvironment env, JsonNode body, CancellationToken cancellationToken, string path = "/v1/images/generations")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        return await env.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).WaitAsync(Bound, cancellationToken);
    }

    public static JsonObject Body(int n, string format = "b64_json", bool stream = false, string size = "1024x1024", string prompt = "a red fox in the snow") => new()
    {
        ["model"] = Model,
        ["prompt"] = prompt,
        ["n"] = n,
        ["size"] = size,
        ["response_format"] = format,
        ["stream"] = stream,
        ["quality"] = "hd",
        ["style"] = "vivid",
    };

    /// <summary>The named events of an SSE body, in order.</summary>
    public static List<(string Name, JsonElement Data)> Events(string sse)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            Assert.NotNull(name);
            Assert.NotNull(data);
            events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
        }

        return events;
    }

    /// <summary>The final images the simulator sent, by their bytes.</summary>
    public static HashSet<string> SimulatorFinals(GrokSimulator sim) =>
        [.. sim.Imagine.FinalIds().Select(id => Convert.ToBase64String(ImagineImages.Final(id)))];

    /// <summary>Downloads a gateway URL (a /v1/files link).</summary>
    public static async Task<byte[]> DownloadAsync(ChatEnvironment env, Uri url, CancellationToken cancellationToken)
    {
        Assert.Equal(env.Gateway.BaseAddress.Authority, url.Authority);
        using var response = await env.Http.GetAsync(url.PathAndQuery, cancellationToken).WaitAsync(Bound, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public static void AssertCharged(ChatEnvironment env, string token, int quotaBefore)
    {
        var view = env.View(token);
        Assert.Equal(TokenStatus.Active, view.Status);
        Assert.Equal(quotaBefore - Cost, view.Quota);
        Assert.Equal(Cost, view.UseCount);
        Assert.Equal(0, view.FailCount);
    }

    public static void AssertUntouched(ChatEnvironment env, string token, int quota = ChatEnvironment.DefaultQuota)
    {
        var view = env.View(token);
        Assert.Equal(TokenStatus.Active, view.Status);
        Assert.Equal(quota, view.Quota);
        Assert.Equal(0, view.UseCount);
        Assert.Equal(0, view.FailCount);
    }

    public static List<string?> Handshakes(GrokSimulator sim) =>
        [.. sim.Requests.Where(r => r.Path == UpstreamPaths.ImagineListen).Select(r => r.Token)];

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
