using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>
/// The content-part reading that chat and Responses share: a text part, a media value (a data URI or
/// an http(s) URL, checked by <see cref="ChatMediaValue"/>) as an image, audio or file part, and a
/// file's optional <c>filename</c>. Each protocol decides which block carries what; errors name the
/// parameter path the caller gives. Pure and thread-safe.
/// </summary>
internal static class OpenAiPartReader
{
    /// <summary>A text part from the required string <paramref name="field"/> of <paramref name="block"/> (at <paramref name="param"/>).</summary>
    public static OpenAiError? ReadText(JsonElement block, string field, string param, out ConversationPart? part)
    {
        part = null;
        var textParam = param + "." + field;
        if (ChatRequestJson.ReadRequiredString(block, field, textParam, out var text) is { } error)
        {
            return error;
        }

        part = new ConversationPart(ConversationPartKind.Text, text, null, null, textParam);
        return null;
    }

    /// <summary>A media part of <paramref name="kind"/> from <paramref name="value"/> (at <paramref name="param"/>).</summary>
    public static OpenAiError? ReadMedia(JsonElement value, ReadOnlyMemory<byte> body, ConversationPartKind kind, string param, string? fileName, out ConversationPart? part)
    {
        part = null;
        if (ChatMediaValue.Read(value, body, param, out var media) is { } error)
        {
            return error;
        }

        part = new ConversationPart(kind, media!, fileName, param);
        return null;
    }

    /// <summary>The optional string <c>filename</c> of <paramref name="file"/> (at <paramref name="param"/>); a blank name counts as none.</summary>
    public static OpenAiError? ReadFileName(JsonElement file, string param, out string? fileName)
    {
        fileName = null;
        if (!ChatRequestJson.TryGetValue(file, "filename", out var value))
        {
            return null;
        }

        if (ChatRequestJson.ReadString(value, param + ".filename", out var name) is { } error)
        {
            return error;
        }

        fileName = string.IsNullOrWhiteSpace(name) ? null : name;
        return null;
    }
}
