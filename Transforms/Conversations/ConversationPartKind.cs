namespace Grok2Api.Transforms.Conversations;

/// <summary>The kind of one part of a message.</summary>
public enum ConversationPartKind
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>An image (OpenAI <c>image_url</c>).</summary>
    Image,

    /// <summary>Audio (OpenAI <c>input_audio</c>).</summary>
    Audio,

    /// <summary>Any other file (OpenAI <c>file</c>).</summary>
    File,
}
