using System.Buffers;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>Cards and generated images: linking through the host's media cache, then markdown.</summary>
public sealed partial class ChatTranslator
{
    private readonly Dictionary<string, string?> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shownImages = new(StringComparer.Ordinal);
    private readonly List<string> _finishedImages = [];

    /// <summary>The generated images of the line that are not linked yet; null (no allocation) when none.</summary>
    private List<string>? ImagesToLink(GrokLine line)
    {
        List<string>? paths = null;
        if (line.Card is { IsGenerated: true } card && card.IsRenderable)
        {
            AddUnlinked(ref paths, card.ImageUrl!);
        }

        if (line.ImageProgress is { IsFinal: true, Moderated: false, ImageUrl: { } progressUrl })
        {
            AddUnlinked(ref paths, progressUrl);
        }

        if (line.ModelResponse is { } model)
        {
            foreach (var envelopeCard in model.Cards)
            {
                if (envelopeCard.IsGenerated && envelopeCard.IsRenderable)
                {
                    AddUnlinked(ref paths, envelopeCard.ImageUrl!);
                }
            }

            foreach (var url in model.GeneratedImageUrls)
            {
                AddUnlinked(ref paths, url);
            }
        }

        return paths;
    }

    private void AddUnlinked(ref List<string>? paths, string path)
    {
        var key = ChatTranslationMarkdown.ImageKey(path);
        if (key.Length == 0 || _links.ContainsKey(key) || _shownImages.Contains(key))
        {
            return;
        }

        paths ??= [];
        if (!paths.Exists(p => ChatTranslationMarkdown.ImageKey(p) == key))
        {
            paths.Add(path);
        }
    }

    private async ValueTask LinkThenApplyAsync(List<string> paths, GrokLine line, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            // The linker gets the path as it came; the host makes it absolute and caches the file.
            _links[ChatTranslationMarkdown.ImageKey(path)] = await _linker.LinkImageAsync(path, cancellationToken);
        }

        Apply(line, output);
    }

    private void ShowFinishedImages()
    {
        if (_finishedImages.Count == 0)
        {
            return;
        }

        foreach (var url in _finishedImages)
        {
            ShowGeneratedImage(url);
        }

        _finishedImages.Clear();
    }

    private bool CanRender(GrokCard card) => card.IsRenderable
        && (!card.IsGenerated || _links.GetValueOrDefault(ChatTranslationMarkdown.ImageKey(card.ImageUrl!)) is not null);

    private void ShowCard(GrokCard card)
    {
        if (card.IsGenerated)
        {
            ShowGeneratedImage(card.ImageUrl!);
            return;
        }

        // An external image (search results): its original URL is used as it is.
        ChatTranslationMarkdown.WriteImage(_scratch, ChatTranslationMarkdown.CardTitle(card.Title), card.ImageUrl!);
        _output.ContentBlock(_scratch.WrittenSpan);
    }

    /// <summary><c>![&lt;imageId&gt;](&lt;linked url&gt;)</c> on its own line, once per image; left out when the linker could not fetch it.</summary>
    private void ShowGeneratedImage(string path)
    {
        var key = ChatTranslationMarkdown.ImageKey(path);
        if (key.Length == 0 || !_shownImages.Add(key) || _links.GetValueOrDefault(key) is not { } url)
        {
            return;
        }

        ChatTranslationMarkdown.WriteImage(_scratch, ChatTranslationMarkdown.ImageId(path), url);
        _output.ContentBlock(_scratch.WrittenSpan);
    }
}
