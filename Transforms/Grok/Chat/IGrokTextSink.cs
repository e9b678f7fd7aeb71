namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>Receives what a <see cref="GrokTagFilter"/> lets through.</summary>
internal interface IGrokTextSink
{
    /// <summary>Text to show (UTF-8, always cut at character boundaries).</summary>
    void Text(ReadOnlySpan<byte> utf8);

    /// <summary>A complete <c>&lt;grok:render card_id="…"&gt;…&lt;/grok:render&gt;</c> element stood here; null id when it had none.</summary>
    void CardMarker(string? cardId);
}
