using System.Text.Json.Nodes;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>The variable parts of a <c>conversations/new</c> body (docs/grok-protocol.md §3.2).</summary>
public sealed record GrokChatPayloadOptions
{
    /// <summary><c>message</c>: the flattened prompt.</summary>
    public required string Message { get; init; }

    /// <summary><c>modelName</c>, also sent as <c>responseMetadata.requestModelDetails.modelId</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary><c>modelMode</c>, e.g. <c>MODEL_MODE_FAST</c>; null is sent as JSON null (image edit, video).</summary>
    public required string? ModelMode { get; init; }

    /// <summary><c>fileAttachments</c>: the uploaded <c>fileMetadataId</c>s, in order. Default empty.</summary>
    public IReadOnlyList<string> FileAttachmentIds { get; init; } = [];

    /// <summary><c>temporary</c>, from <c>app.temporary</c>. Default true.</summary>
    public bool Temporary { get; init; } = true;

    /// <summary><c>disableMemory</c>, from <c>app.disable_memory</c>. Default true.</summary>
    public bool DisableMemory { get; init; } = true;

    /// <summary>The request's <c>temperature</c>; null sends <see cref="GrokChatPayload.DefaultTemperature"/> (0.8).</summary>
    public double? Temperature { get; init; }

    /// <summary>The request's <c>top_p</c>; null sends <see cref="GrokChatPayload.DefaultTopP"/> (0.95).</summary>
    public double? TopP { get; init; }

    /// <summary>The request's <c>reasoning_effort</c>, sent verbatim (<c>"none"</c> included); null leaves <c>reasoningEffort</c> out.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>
    /// When set, written as <c>responseMetadata.modelConfigOverride</c> instead of the chat
    /// overrides (temperature, topP, reasoningEffort), e.g. <c>{"modelMap":{...}}</c> for image edit
    /// and video; an empty object leaves <c>modelConfigOverride</c> out. Default null (chat).
    /// Only read, never changed.
    /// </summary>
    public JsonObject? ModelConfigOverride { get; init; }

    /// <summary>
    /// <c>toolOverrides</c>, e.g. <c>{"imageGen":true}</c> for image edit; null writes <c>{}</c>
    /// (chat). Only read, never changed.
    /// </summary>
    public JsonObject? ToolOverrides { get; init; }
}
