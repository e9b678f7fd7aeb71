using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.ImageEdit;

/// <summary>
/// Reads the answer lines of one image-edit call (docs/grok-protocol.md §13, §4.4, §4.6): progress per
/// image from <c>streamingImageGenerationResponse</c>, the finished images (a final, unmoderated
/// progress URL, a finished generated-image card, or the envelope's <c>generatedImageUrls</c>), each
/// once and at most as many as wanted, and whether the upstream withheld an image by moderation.
/// One instance per call; not thread-safe.
/// </summary>
public sealed class GrokImageEditTurn
{
    private readonly int _wanted;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _finished = [];
    private Dictionary<int, (int Count, string Key)>? _partials;
    private int _taken;

    /// <summary>Creates the reader of one call.</summary>
    /// <param name="wanted">The most finished images to take from this call.</param>
    public GrokImageEditTurn(int wanted)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        _wanted = wanted;
    }

    /// <summary>Finished image paths in the order they arrived (relative asset paths or absolute assets URLs).</summary>
    public IReadOnlyList<string> Finished => _finished;

    /// <summary>Whether the upstream marked an image of this call as moderated.</summary>
    public bool Moderated { get; private set; }

    /// <summary>Whether the call has all the images wanted.</summary>
    public bool IsFull => _finished.Count >= _wanted;

    /// <summary>
    /// Reads one line. Returns the image progress it carries (null when none), and adds any finished
    /// image to <see cref="Finished"/>; <see cref="TakeNew"/> hands out those not handed out yet.
    /// </summary>
    /// <param name="line">The parsed line (not an error line; the caller handles those).</param>
    public GrokImageProgress? Apply(GrokLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var progress = line.ImageProgress;
        if (progress is not null)
        {
            if (progress.Moderated)
            {
                Moderated = true;
            }
            else if (progress is { IsFinal: true, ImageUrl: { } url })
            {
                Add(url);
            }
        }

        if (line.Card is { IsGenerated: true } card)
        {
            if (card.Moderated)
            {
                Moderated = true;
            }
            else if (card.IsRenderable)
            {
                Add(card.ImageUrl!);
            }
        }

        if (line.ModelResponse is { } envelope)
        {
            foreach (var url in envelope.GeneratedImageUrls)
            {
                Add(url);
            }
        }

        return progress;
    }

    /// <summary>
    /// The intermediate rendering a progress line shows (its <c>…-part-N</c> image), when a stream should
    /// show it as a partial image: an unmoderated, unfinished image of this call (its index below the
    /// number wanted) while the call still lacks images, a rendering not seen before, at most two per
    /// image: the first as <see cref="GeneratedImageStage.Preview"/>, the second as
    /// <see cref="GeneratedImageStage.Medium"/> (the OpenAI <c>partial_image_index</c> 0 and 1). Null otherwise.
    /// </summary>
    /// <param name="progress">What <see cref="Apply"/> returned for the line.</param>
    public GrokImageEditPartial? PartialOf(GrokImageProgress? progress)
    {
        if (progress is not { IsFinal: false, Moderated: false, ImageUrl: { } url } || progress.ImageIndex < 0 || progress.ImageIndex >= _wanted || IsFull)
        {
            return null;
        }

        var key = GrokImageNames.ImageKey(url);
        if (key.Length == 0 || _keys.Contains(key))
        {
            return null;
        }

        _partials ??= [];
        var (count, last) = _partials.GetValueOrDefault(progress.ImageIndex, (0, string.Empty));
        if (count >= 2 || key == last)
        {
            return null;
        }

        _partials[progress.ImageIndex] = (count + 1, key);
        return new GrokImageEditPartial(progress.ImageIndex, url, count == 0 ? GeneratedImageStage.Preview : GeneratedImageStage.Medium);
    }

    /// <summary>The finished images not handed out before, in order (empty, without allocating, when none).</summary>
    public IReadOnlyList<string> TakeNew()
    {
        if (_taken == _finished.Count)
        {
            return [];
        }

        var fresh = _finished.GetRange(_taken, _finished.Count - _taken);
        _taken = _finished.Count;
        return fresh;
    }

    private void Add(string path)
    {
        if (_finished.Count >= _wanted)
        {
            return;
        }

        var key = GrokImageNames.ImageKey(path);
        if (key.Length > 0 && _keys.Add(key))
        {
            _finished.Add(path);
        }
    }
}
