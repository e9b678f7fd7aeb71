using System.Buffers.Text;
using System.Text;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>Line handling: tokens through the tag filters, image progress, cards, the envelope.</summary>
public sealed partial class GrokAnswerDecoder
{
    private void Apply(GrokLine line)
    {
        if (line.ModelHash is { } hash)
        {
            _writer.ModelVersion(hash);
        }

        if (line.HasVisibleOutput)
        {
            _writer.Begin();
        }

        var parts = line.Parts;
        if ((parts & GrokLineParts.ThinkingToken) != 0)
        {
            WriteReasoning(line.Token);
        }

        if ((parts & GrokLineParts.Token) != 0)
        {
            WriteContent(line.Token);
        }

        if ((parts & GrokLineParts.ImageProgress) != 0)
        {
            ApplyImageProgress(line.ImageProgress!);
        }

        if ((parts & GrokLineParts.Card) != 0 && _cards.OnStreamed(line.Card!) is { } card)
        {
            ShowCard(card);
        }

        if ((parts & GrokLineParts.ModelResponse) != 0)
        {
            ApplyModelResponse(line.ModelResponse!);
        }

        _writer.EndBatch();
    }

    private void WriteContent(ReadOnlySpan<byte> utf8)
    {
        _contentSeen = true;
        if (_inReasoning)
        {
            // Thinking is over: what its filter still holds belongs before the answer.
            _inReasoning = false;
            _reasoningFilter.Flush();
        }

        ShowFinishedImages();
        _contentFilter.Write(utf8);
    }

    private void WriteReasoning(ReadOnlySpan<byte> utf8)
    {
        _inReasoning = true;
        _reasoningFilter.Write(utf8);
    }

    private void ApplyImageProgress(GrokImageProgress progress)
    {
        Span<byte> text = stackalloc byte[64];
        "Generating image "u8.CopyTo(text);
        var length = 17;
        Utf8Formatter.TryFormat(progress.ImageIndex + 1L, text[length..], out var written);
        length += written;
        ": "u8.CopyTo(text[length..]);
        length += 2;
        Utf8Formatter.TryFormat((long)progress.Progress, text[length..], out written);
        length += written;
        "%\n"u8.CopyTo(text[length..]);
        _writer.ReasoningNote(text[..(length + 2)]);

        if (progress is { IsFinal: true, Moderated: false, ImageUrl: { } url })
        {
            // Shown once the thinking is over (next answer text, the envelope or the end), so the
            // image does not split a <think> block in two.
            (_finishedImages ??= []).Add(url);
        }
    }

    private void ApplyModelResponse(GrokModelResponse model)
    {
        if (model.ModelHash is { } hash)
        {
            _writer.ModelVersion(hash);
        }

        foreach (var envelopeCard in model.Cards)
        {
            if (_cards.OnEnvelope(envelopeCard) is { } card)
            {
                ShowCard(card);
            }
        }

        if (!_contentSeen && model.Message.Length > 0)
        {
            // Rare (no tokens came), so the copy may allocate; _scratch is busy with card markdown.
            WriteContent(Encoding.UTF8.GetBytes(model.Message));
        }

        // The envelope ends the answer's text: nothing held back can still become a tag.
        _reasoningFilter.Flush();
        _contentFilter.Flush();
        ShowFinishedImages();
        foreach (var url in model.GeneratedImageUrls)
        {
            ShowGeneratedImage(url);
        }
    }

    private sealed class ContentSink(GrokAnswerDecoder owner) : IGrokTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._writer.Text(utf8);

        public void CardMarker(string? cardId)
        {
            if (owner._cards.OnMarker(cardId) is { } card)
            {
                owner.ShowCard(card);
            }
        }
    }

    private sealed class ReasoningSink(GrokAnswerDecoder owner) : IGrokTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._writer.Reasoning(utf8);

        // A card marker inside thinking is removed; the card stays for the answer.
        public void CardMarker(string? cardId)
        {
        }
    }
}
