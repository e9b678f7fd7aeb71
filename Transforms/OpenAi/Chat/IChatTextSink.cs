namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Receives what a <see cref="ChatTagFilter"/> lets through.</summary>
internal interface IChatTextSink
{
    /// <summary>Text to show (UTF-8, always cut at character boundaries).</summary>
    void Text(ReadOnlySpan<byte> utf8);

    /// <summary>A complete <c>&lt;grok:render card_id="…"&gt;…&lt;/grok:render&gt;</c> element stood here; null id when it had none.</summary>
    void CardMarker(string? cardId);
}
