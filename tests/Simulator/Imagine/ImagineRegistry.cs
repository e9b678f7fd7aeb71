using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Imagine;

/// <summary>
/// Imagine sessions accepted (oldest first) and the outcomes queued for the next ones; a session without
/// a queued outcome gets <see cref="ImagineOutcome.Completes"/>. Thread-safe.
/// </summary>
public sealed class ImagineRegistry : MediaLog<ImagineSession, ImagineOutcome>
{
    /// <summary>The default number of images one session generates: 6 (what the original assumed).</summary>
    public const int DefaultImagesPerSession = 6;

    private int _imagesPerSession = DefaultImagesPerSession;

    /// <summary>How many images each new session generates (1 to 16).</summary>
    public int ImagesPerSession
    {
        get => Volatile.Read(ref _imagesPerSession);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 16);
            Volatile.Write(ref _imagesPerSession, value);
        }
    }

    /// <summary>A snapshot of every session accepted, oldest first.</summary>
    public IReadOnlyList<ImagineSession> Received => Items;

    /// <summary>The sessions of one account, oldest first.</summary>
    public IReadOnlyList<ImagineSession> ForToken(string token) => [.. Items.Where(s => s.Token == token)];

    /// <summary>Ids of every image that was sent as final, in the order sent.</summary>
    public IReadOnlyList<string> FinalIds() => [.. Items.SelectMany(static s => s.Outcome switch
    {
        ImagineOutcome.Completes => s.ImageIds,
        ImagineOutcome.OneFinal => s.ImageIds.Take(1),
        _ => [],
    })];

    /// <summary>Forgets sessions and queued outcomes and restores <see cref="DefaultImagesPerSession"/>.</summary>
    public void Reset()
    {
        Clear();
        ImagesPerSession = DefaultImagesPerSession;
    }
}
