using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// Video requests received (oldest first) and the outcomes queued for the next ones; a request without a
/// queued outcome gets <see cref="VideoOutcome.Completed"/>. Thread-safe.
/// </summary>
public sealed class VideoRegistry
{
    private readonly RecordList<VideoRequest> _received = new();
    private readonly OutcomeQueue<VideoOutcome> _outcomes = new();

    /// <summary>A snapshot of every video request accepted, oldest first.</summary>
    public IReadOnlyList<VideoRequest> Received => _received.Snapshot();

    /// <summary>Outcomes queued and not used yet.</summary>
    public int PendingCount => _outcomes.PendingCount;

    /// <summary>The requests of one account, oldest first.</summary>
    public IReadOnlyList<VideoRequest> ForToken(string token) => [.. Received.Where(r => r.Token == token)];

    /// <summary>The request whose default stream carried <paramref name="videoId"/>, or null.</summary>
    public VideoRequest? FindByVideoId(string videoId) => Received.FirstOrDefault(r => r.VideoId == videoId);

    /// <summary>Answers the next video of <paramref name="token"/> (null: of any token) with <paramref name="outcome"/>.</summary>
    public void Enqueue(string? token, VideoOutcome outcome) => _outcomes.Enqueue(token, outcome);

    /// <summary>Forgets received requests and queued outcomes.</summary>
    public void Clear()
    {
        _received.Clear();
        _outcomes.Clear();
    }

    internal VideoOutcome TakeOutcome(string token) => _outcomes.Take(token);

    internal void Add(VideoRequest request) => _received.Add(request);
}
