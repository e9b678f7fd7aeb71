using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

/// <summary>Builds requests the way the gateway sends them (docs/grok-protocol.md §2–§3, §9).</summary>
internal static class Upstream
{
    public const string Token = "tok-alpha";

    public const string OtherToken = "tok-beta";

    public static HttpClient CreateClient(Uri baseUri) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static string Cookie(string token) => $"sso={token}; sso-rw={token}";

    public static JsonObject ChatBody(string message = "hi there", string? modelMode = "MODEL_MODE_FAST", string? reasoningEffort = null, string modelName = "grok-4-1-thinking-1129")
    {
        var overrides = new JsonObject { ["temperature"] = 0.8, ["topP"] = 0.95 };
        if (reasoningEffort is not null)
        {
            overrides["reasoningEffort"] = reasoningEffort;
        }

        return new JsonObject
        {
            ["deviceEnvInfo"] = new JsonObject { ["darkModeEnabled"] = false, ["devicePixelRatio"] = 2 },
            ["disableMemory"] = true,
            ["disableSearch"] = false,
            ["enableImageGeneration"] = true,
            ["fileAttachments"] = new JsonArray(),
            ["imageAttachments"] = new JsonArray(),
            ["imageGenerationCount"] = 2,
            ["isReasoning"] = false,
            ["message"] = message,
            ["modelMode"] = modelMode,
            ["modelName"] = modelName,
            ["responseMetadata"] = new JsonObject
            {
                ["requestModelDetails"] = new JsonObject { ["modelId"] = modelName },
                ["modelConfigOverride"] = overrides,
            },
            ["sendFinalMetadata"] = true,
            ["temporary"] = true,
            ["toolOverrides"] = new JsonObject(),
        };
    }

    /// <summary>An image-edit body (docs/grok-protocol.md §13); <paramref name="parentPostId"/> null leaves the field out.</summary>
    public static JsonObject ImageEditBody(string prompt, IEnumerable<string> imageReferences, string? parentPostId)
    {
        var config = new JsonObject { ["imageReferences"] = new JsonArray(imageReferences.Select(r => (JsonNode?)r).ToArray()) };
        if (parentPostId is not null)
        {
            config["parentPostId"] = parentPostId;
        }

        var body = ChatBody(prompt, modelMode: null, modelName: "imagine-image-edit");
        body["toolOverrides"] = new JsonObject { ["imageGen"] = true };
        body["responseMetadata"]!["modelConfigOverride"] = new JsonObject
        {
            ["modelMap"] = new JsonObject { ["imageEditModel"] = "imagine", ["imageEditModelConfig"] = config },
        };
        return body;
    }

    /// <summary>A video body (docs/grok-protocol.md §12.2).</summary>
    public static JsonObject VideoBody(string message, string parentPostId, string aspectRatio = "3:2", string resolutionName = "480p", int videoLength = 6)
    {
        var body = ChatBody(message, modelMode: null, modelName: "grok-3");
        body["toolOverrides"] = new JsonObject { ["videoGen"] = true };
        body["responseMetadata"]!["modelConfigOverride"] = new JsonObject
        {
            ["modelMap"] = new JsonObject
            {
                ["videoGenModelConfig"] = new JsonObject
                {
                    ["aspectRatio"] = aspectRatio,
                    ["parentPostId"] = parentPostId,
                    ["resolutionName"] = resolutionName,
                    ["videoLength"] = videoLength,
                },
            },
        };
        return body;
    }

    public static HttpRequestMessage Chat(string? token = Token, JsonNode? body = null) =>
        Post("/rest/app-chat/conversations/new", token, (body ?? ChatBody()).ToJsonString());

    public static HttpRequestMessage ChatRaw(string? token, string body) => Post("/rest/app-chat/conversations/new", token, body);

    public static HttpRequestMessage RateLimits(string? token = Token, string body = """{"requestKind":"DEFAULT","modelName":"grok-4-1-thinking-1129"}""") =>
        Post("/rest/rate-limits", token, body);

    public static HttpRequestMessage Post(string path, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", Cookie(token));
        }

        request.Headers.TryAddWithoutValidation("x-statsig-id", "ZTpUeXBlRXJyb3I6IG5vdCBjaGVja2Vk");
        request.Headers.TryAddWithoutValidation("x-xai-request-id", Guid.NewGuid().ToString());
        return request;
    }
}
