namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads one block of an array content: <c>text</c>; <c>refusal</c> (assistant only, kept as
/// text so replayed assistant turns are not refused); and, in user messages only,
/// <c>image_url</c> (an object with <c>url</c>, or a bare string), <c>input_audio</c>
/// (<c>data</c>; <c>format</c> ignored) and <c>file</c> (<c>file_data</c>, optional
/// <c>filename</c>). Other fields of a block (e.g. <c>image_url.detail</c>) are ignored.
/// </summary>
internal static class ChatContentPartReader
{
    private const string SupportedTypes = "'text', 'image_url', 'input_audio' and 'file'";

    public static OpenAiError? Read(JsonElement block, string role, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        if (ChatRequestJson.ReadKindedObject(block, "type", param, out var type, out var typeParam) is { } typeError)
        {
            return typeError;
        }

        switch (type)
        {
            case "text":
                return OpenAiPartReader.ReadText(block, "text", param, out part);
            case "refusal" when role == ChatRoles.Assistant:
                return OpenAiPartReader.ReadText(block, "refusal", param, out part);
            case "image_url" or "input_audio" or "file" when role != ChatRoles.User:
                return ChatRequestErrors.MediaOutsideUser(typeParam, type, role);
            case "image_url":
                return ReadImage(block, param, body, out part);
            case "input_audio":
                return ReadAudio(block, param, body, out part);
            case "file":
                return ReadFile(block, param, body, out part);
            default:
                return ChatRequestErrors.InvalidValue(typeParam, type, SupportedTypes);
        }
    }


    private static OpenAiError? ReadImage(JsonElement block, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        var imageParam = param + ".image_url";
        if (!ChatRequestJson.TryGetValue(block, "image_url", out var image))
        {
            return ChatRequestErrors.Missing(imageParam);
        }

        // Some clients send the URL directly as a string instead of {"url": ...}.
        if (image.ValueKind == JsonValueKind.String)
        {
            return OpenAiPartReader.ReadMedia(image, body, ConversationPartKind.Image, imageParam, null, out part);
        }

        if (image.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType(imageParam, "an object with a 'url'", image.ValueKind);
        }

        var urlParam = imageParam + ".url";
        return ChatRequestJson.TryGetValue(image, "url", out var url)
            ? OpenAiPartReader.ReadMedia(url, body, ConversationPartKind.Image, urlParam, null, out part)
            : ChatRequestErrors.Missing(urlParam);
    }

    private static OpenAiError? ReadAudio(JsonElement block, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        var audioParam = param + ".input_audio";
        if (ChatRequestJson.ReadRequiredObject(block, "input_audio", audioParam, "an object with 'data'", out var audio) is { } audioError)
        {
            return audioError;
        }

        var dataParam = audioParam + ".data";
        return ChatRequestJson.TryGetValue(audio, "data", out var data)
            ? OpenAiPartReader.ReadMedia(data, body, ConversationPartKind.Audio, dataParam, null, out part)
            : ChatRequestErrors.Missing(dataParam, "send the audio as a data URI (data:audio/wav;base64,<payload>) or an http(s) URL.");
    }

    private static OpenAiError? ReadFile(JsonElement block, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        var fileParam = param + ".file";
        if (ChatRequestJson.ReadRequiredObject(block, "file", fileParam, "an object with 'file_data'", out var file) is { } fileError)
        {
            return fileError;
        }

        if (OpenAiPartReader.ReadFileName(file, fileParam, out var fileName) is { } nameError)
        {
            return nameError;
        }

        var dataParam = fileParam + ".file_data";
        if (ChatRequestJson.TryGetValue(file, "file_data", out var data))
        {
            return OpenAiPartReader.ReadMedia(data, body, ConversationPartKind.File, dataParam, fileName, out part);
        }

        return ChatRequestJson.TryGetValue(file, "file_id", out _)
            ? ChatRequestErrors.FileIdUnsupported(fileParam + ".file_id")
            : ChatRequestErrors.Missing(dataParam);
    }

}
