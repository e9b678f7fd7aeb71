using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>Cards and generated images: linking through the host's media cache, each shown once.</summary>
public sealed partial class GrokAnswerDecoder
{
    // Made on first use: most answers have no image and no card.
    private Dictionary<string, string?>? _links;
    private HashSet<string>? _shownImages;
    private List<string>? _finishedImages;

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
        var key = GrokImageNames.ImageKey(path);
        if (key.Length == 0 || (_links?.ContainsKey(key) ?? false) || (_shownImages?.Contains(key) ?? false))
        {
            return;
        }

        paths ??= [];
        if (!paths.Exists(p => GrokImageNames.ImageKey(p) == key))
        {
            paths.Add(path);
        }
    }

    private async ValueTask LinkThenApplyAsync(List<string> paths, GrokLine line, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            // The linker gets the path as it came; the host makes it absolute and caches the file.
            (_links ??= new(StringComparer.Ordinal))[GrokImageNames.ImageKey(path)] = await _linker.LinkImageAsync(path, cancellationToken);
        }

        Apply(line);
    }

    private void ShowFinishedImages()
    {
        if (_finishedImages is not { Count: > 0 })
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
        && (!card.IsGenerated || _links?.GetValueOrDefault(GrokImageNames.ImageKey(card.ImageUrl!)) is not null);

    private void ShowCard(GrokCard card)
    {
        if (card.IsGenerated)
        {
            ShowGeneratedImage(card.ImageUrl!);
            return;
        }

        // An external image (search results): its original URL is used as it is.
        _writer.Image(GrokImageNames.CardTitle(card.Title), card.ImageUrl!);
    }

    /// <summary>A generated image, with its id as alt text, once per image; left out when the linker could not fetch it.</summary>
    private void ShowGeneratedImage(string path)
    {
        var key = GrokImageNames.ImageKey(path);
        if (key.Length == 0 || !(_shownImages ??= new(StringComparer.Ordinal)).Add(key) || _links?.GetValueOrDefault(key) is not { } url)
        {
            return;
        }

        _writer.Image(GrokImageNames.ImageId(path), url);
    }
}
