using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// Decides where each card's image goes, so stream and non-stream agree (one state machine serves both).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A <c>&lt;grok:render card_id="X"&gt;</c> marker whose card is already known (from a
/// <c>cardAttachment</c> line or <c>modelResponse.cardAttachmentsJson</c>) is replaced by the image in place.</item>
/// <item>A marker whose card is not known yet leaves nothing; the image is shown where the card then arrives.</item>
/// <item>A card from a <c>cardAttachment</c> line that no marker referenced is shown at the end of the
/// answer (<see cref="GrokAnswerDecoder.Complete"/>), in arrival order. Cards only listed in
/// <c>cardAttachmentsJson</c> and never referenced are not shown (as the original did).</item>
/// <item>Each card is shown at most once; a card that cannot be rendered (no URL, moderated, unfinished,
/// or its generated image could not be fetched) is never shown.</item>
/// </list>
/// </remarks>
internal sealed class GrokCardBook(Func<GrokCard, bool> canRender)
{
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly List<Entry> _order = [];

    /// <summary>A card from a <c>cardAttachment</c> line; returns it when it must be shown now.</summary>
    public GrokCard? OnStreamed(GrokCard card)
    {
        var entry = Upsert(card);
        entry.Streamed = true;
        return TakeIfDue(entry);
    }

    /// <summary>A card from <c>modelResponse.cardAttachmentsJson</c>; returns it when it must be shown now.</summary>
    public GrokCard? OnEnvelope(GrokCard card) => TakeIfDue(Upsert(card));

    /// <summary>A marker; returns the card when it must be shown in place.</summary>
    public GrokCard? OnMarker(string? cardId)
    {
        if (cardId is null)
        {
            return null;
        }

        if (!_byId.TryGetValue(cardId, out var entry))
        {
            entry = new Entry { Card = null };
            _byId[cardId] = entry;
            _order.Add(entry);
        }

        entry.Referenced = true;
        return TakeIfDue(entry);
    }

    /// <summary>The streamed cards no marker referenced, not shown yet (end of the answer).</summary>
    public List<GrokCard> TakeUnreferenced()
    {
        var due = new List<GrokCard>();
        foreach (var entry in _order)
        {
            if (entry is { Streamed: true, Referenced: false, Shown: false, Card: { } card } && canRender(card))
            {
                entry.Shown = true;
                due.Add(card);
            }
        }

        return due;
    }

    private Entry Upsert(GrokCard card)
    {
        if (!_byId.TryGetValue(card.Id, out var entry))
        {
            entry = new Entry();
            _byId[card.Id] = entry;
            _order.Add(entry);
        }

        entry.Card = card;
        return entry;
    }

    private GrokCard? TakeIfDue(Entry entry)
    {
        if (entry is { Referenced: true, Shown: false, Card: { } card } && canRender(card))
        {
            entry.Shown = true;
            return card;
        }

        return null;
    }

    private sealed class Entry
    {
        public GrokCard? Card { get; set; }

        public bool Streamed { get; set; }

        public bool Referenced { get; set; }

        public bool Shown { get; set; }
    }
}
