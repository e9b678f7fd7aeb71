using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.ImageEdit;

/// <summary>
/// Image-edit requests received (oldest first) and the outcomes queued for the next ones; a request without a
/// queued outcome gets <see cref="ImageEditOutcome.TwoImages"/>. Thread-safe.
/// </summary>
public sealed class ImageEditRegistry
{
    private readonly RecordList<ImageEditRequest> _received = new();
    private readonly OutcomeQueue<ImageEditOutcome> _outcomes = new();

    /// <summary>A snapshot of every image-edit request accepted, oldest first.</summary>
    public IReadOnlyList<ImageEditRequest> Received => _received.Snapshot();

    /// <summary>Outcomes queued and not used yet.</summary>
    public int PendingCount => _outcomes.PendingCount;

    /// <summary>The requests of one account, oldest first.</summary>
    public IReadOnlyList<ImageEditRequest> ForToken(string token) => [.. Received.Where(r => r.Token == token)];

    /// <summary>Answers the next image edit of <paramref name="token"/> (null: of any token) with <paramref name="outcome"/>.</summary>
    public void Enqueue(string? token, ImageEditOutcome outcome) => _outcomes.Enqueue(token, outcome);

    /// <summary>Forgets received requests and queued outcomes.</summary>
    public void Clear()
    {
        _received.Clear();
        _outcomes.Clear();
    }

    internal ImageEditOutcome TakeOutcome(string token) => _outcomes.Take(token);

    internal void Add(ImageEditRequest request) => _received.Add(request);
}
