using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Line handling: tokens through the tag filters, image progress, cards, the envelope, usage.</summary>
public sealed partial class ChatTranslator
{
    private void Apply(GrokLine line, IBufferWriter<byte> output)
    {
        _output.Fingerprint ??= line.ModelHash;
        _output.Begin(output, line.HasVisibleOutput);
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

        _output.End();
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
        if (_options.Reasoning == ReasoningMode.Hidden)
        {
            return;
        }

        _inReasoning = true;
        _reasoningFilter.Write(utf8);
    }

    private void ApplyImageProgress(GrokImageProgress progress)
    {
        if (_options.Reasoning != ReasoningMode.Hidden)
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
            _output.ReasoningLine(text[..(length + 2)]);
        }

        if (progress is { IsFinal: true, Moderated: false, ImageUrl: { } url })
        {
            // Shown once the thinking is over (next answer text, the envelope or the end), so the
            // image does not split a <think> block in two.
            _finishedImages.Add(url);
        }
    }

    private void ApplyModelResponse(GrokModelResponse model)
    {
        _output.Fingerprint ??= model.ModelHash;
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

    private ChatUsage CountUsage()
    {
        var prompt = _options.PromptTokens ?? ChatTokenCounter.Count(_options.Prompt);
        var reasoning = ChatTokenCounter.Count(_output.ReasoningText);
        var content = ChatTokenCounter.Count(_output.ContentText);
        var completion = _options.Reasoning == ReasoningMode.ReasoningContent ? content + reasoning : content;
        return new ChatUsage(prompt, completion, reasoning);
    }

    private sealed class ContentSink(ChatTranslator owner) : IChatTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._output.Content(utf8);

        public void CardMarker(string? cardId)
        {
            if (owner._cards.OnMarker(cardId) is { } card)
            {
                owner.ShowCard(card);
            }
        }
    }

    private sealed class ReasoningSink(ChatTranslator owner) : IChatTextSink
    {
        public void Text(ReadOnlySpan<byte> utf8) => owner._output.Reasoning(utf8);

        // A card marker inside thinking is removed; the card stays for the answer.
        public void CardMarker(string? cardId)
        {
        }
    }
}
