namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// The images of one Imagine session as they arrive (docs/grok-protocol.md §14.4–14.5): which image id
/// holds which place in the answer, which stage each reached, when enough finals came. The same id
/// comes back several times at rising quality; a stage is reported once per image, never backwards.
/// Pure; one instance per session; not thread-safe.
/// </summary>
/// <remarks>
/// With <c>placesOnFirstSight</c> (streams, which show partial images) an id takes the next free
/// place when first seen, so n = 1 follows the first image and n = 2 the first two; other ids are
/// ignored. Without it (whole answers) places go to images in the order their finals arrive, so an
/// image that never finishes does not hold a place another one could fill.
/// </remarks>
public sealed class ImagineCollector
{
    // Ids seen at medium without a place: more than a session ever makes, so a hostile upstream cannot grow it.
    private const int MaxUnplaced = 64;

    private readonly int _wanted;
    private readonly bool _placesOnFirstSight;
    private readonly Dictionary<string, (int Place, GeneratedImageStage Stage)> _images = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unplaced = new(StringComparer.Ordinal);
    private int _places;

    /// <summary>Creates the collector of one session.</summary>
    /// <param name="wanted">How many finished images this session must yield (1 or more).</param>
    /// <param name="placesOnFirstSight">Whether an image takes its place when first seen (streams) rather than when it finishes.</param>
    public ImagineCollector(int wanted, bool placesOnFirstSight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        _wanted = wanted;
        _placesOnFirstSight = placesOnFirstSight;
    }

    /// <summary>How many finished images were taken.</summary>
    public int Finals { get; private set; }

    /// <summary>Whether as many finals as wanted arrived.</summary>
    public bool Done => Finals >= _wanted;

    /// <summary>Whether a medium image arrived for an image that has no final yet (the "blocked" heuristic watches these).</summary>
    public bool MediumWithoutFinal { get; private set; }

    /// <summary>How many finished images are still missing.</summary>
    public int Missing => _wanted - Finals;

    /// <summary>
    /// Takes one image message: the place (0-based, within this session) to report it at, or -1 when
    /// it is ignored (a stage already reported, an extra image, a final after enough finals).
    /// </summary>
    /// <param name="id">The image id.</param>
    /// <param name="stage">The stage of this message.</param>
    public int Accept(string id, GeneratedImageStage stage)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_images.TryGetValue(id, out var known))
        {
            if (stage <= known.Stage || known.Stage == GeneratedImageStage.Final)
            {
                return -1;
            }

            if (stage == GeneratedImageStage.Final)
            {
                if (Done)
                {
                    return -1;
                }

                Finals++;
                MediumWithoutFinal = HasMediumWithoutFinal(except: id);
            }
            else
            {
                MediumWithoutFinal = true;
            }

            _images[id] = (known.Place, stage);
            return known.Place;
        }

        if (_placesOnFirstSight || stage == GeneratedImageStage.Final)
        {
            if (_places >= _wanted || (stage == GeneratedImageStage.Final && Done))
            {
                return -1;
            }

            var place = _places++;
            _unplaced.Remove(id);
            _images[id] = (place, stage);
            if (stage == GeneratedImageStage.Final)
            {
                Finals++;
                MediumWithoutFinal = HasMediumWithoutFinal(except: id);
            }
            else if (stage == GeneratedImageStage.Medium)
            {
                MediumWithoutFinal = true;
            }

            return place;
        }

        // Whole answers: a partial image holds no place; only its medium stage is remembered.
        if (stage == GeneratedImageStage.Medium && _unplaced.Count < MaxUnplaced && _unplaced.Add(id))
        {
            MediumWithoutFinal = true;
        }

        return -1;
    }

    private bool HasMediumWithoutFinal(string except)
    {
        foreach (var (id, image) in _images)
        {
            if (id != except && image.Stage == GeneratedImageStage.Medium)
            {
                return true;
            }
        }

        foreach (var id in _unplaced)
        {
            if (id != except)
            {
                return true;
            }
        }

        return false;
    }
}
