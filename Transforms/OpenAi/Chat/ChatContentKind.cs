namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>The kind of one content block of a chat message.</summary>
public enum ChatContentKind
{
    /// <summary><c>{"type":"text","text":...}</c>, or a string content.</summary>
    Text,

    /// <summary><c>{"type":"image_url","image_url":{"url":...}}</c>.</summary>
    ImageUrl,

    /// <summary><c>{"type":"input_audio","input_audio":{"data":...}}</c>.</summary>
    InputAudio,

    /// <summary><c>{"type":"file","file":{"file_data":...}}</c>.</summary>
    File,
}
