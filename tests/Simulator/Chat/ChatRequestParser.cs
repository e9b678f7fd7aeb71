using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Chat;

/// <summary>Checks a conversations/new body against the fields of docs/grok-protocol.md §3.2.</summary>
internal static class ChatRequestParser
{
    /// <summary>The parsed request, or the reason it is invalid.</summary>
    public static (ChatRequestInfo? Request, string? Error) Parse(ReadOnlyMemory<byte> body, string token)
    {
        JsonObject root;
        try
        {
            if (JsonNode.Parse(body.Span) is not JsonObject obj)
            {
                return (null, "request body must be a JSON object");
            }

            root = obj;
        }
        catch (JsonException e)
        {
            return (null, $"request body is not valid JSON: {e.Message}");
        }

        var error = Require(root, "message", JsonValueKind.String)
            ?? Require(root, "modelName", JsonValueKind.String)
            ?? RequireStringOrNull(root, "modelMode")
            ?? Require(root, "fileAttachments", JsonValueKind.Array)
            ?? Require(root, "temporary", JsonValueKind.True, JsonValueKind.False)
            ?? Require(root, "disableMemory", JsonValueKind.True, JsonValueKind.False)
            ?? Require(root, "responseMetadata", JsonValueKind.Object);
        if (error is not null)
        {
            return (null, error);
        }

        var attachments = root["fileAttachments"]!.AsArray();
        if (attachments.Any(a => a?.GetValueKind() != JsonValueKind.String))
        {
            return (null, "fileAttachments must be an array of strings");
        }

        var effort = root["responseMetadata"]?["modelConfigOverride"]?["reasoningEffort"];
        return (new ChatRequestInfo
        {
            Token = token,
            Message = root["message"]!.GetValue<string>(),
            ModelName = root["modelName"]!.GetValue<string>(),
            ModelMode = root["modelMode"]?.GetValue<string>(),
            ReasoningEffort = effort?.GetValueKind() == JsonValueKind.String ? effort.GetValue<string>() : null,
            FileAttachments = attachments.Select(a => a!.GetValue<string>()).ToList(),
            Body = root,
        }, null);
    }

    private static string? Require(JsonObject root, string name, params JsonValueKind[] kinds)
    {
        if (!root.TryGetPropertyValue(name, out var value))
        {
            return $"missing field '{name}'";
        }

        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        return kinds.Contains(kind) ? null : $"field '{name}' must be {string.Join(" or ", kinds).ToLowerInvariant()}, got {kind.ToString().ToLowerInvariant()}";
    }

    private static string? RequireStringOrNull(JsonObject root, string name) =>
        root.ContainsKey(name) ? Require(root, name, JsonValueKind.String, JsonValueKind.Null) : $"missing field '{name}'";
}
