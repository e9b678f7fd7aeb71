using System.Text.Json.Nodes;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>Raw <c>/v1/chat/completions</c> request bodies.</summary>
public static class ChatBodies
{
    /// <summary>One user message of text.</summary>
    public static JsonObject Text(string model, string prompt, bool stream = false) => new()
    {
        ["model"] = model,
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
    };

    /// <summary>One user message of text and one image part with <paramref name="url"/> (a URL or a data URI).</summary>
    public static JsonObject WithImage(string model, string prompt, string url, bool stream = false) => new()
    {
        ["model"] = model,
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = prompt },
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } }),
        }),
    };
}
