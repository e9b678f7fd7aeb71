namespace Grok2Api.Transforms.Grok.Models;

/// <summary>What a model does.</summary>
public enum ModelCapability
{
    /// <summary>Chat completions.</summary>
    Chat,

    /// <summary>Image generation over the Imagine WebSocket.</summary>
    Image,

    /// <summary>Image editing through the conversation endpoint.</summary>
    ImageEdit,

    /// <summary>Video generation through the conversation endpoint.</summary>
    Video,
}
