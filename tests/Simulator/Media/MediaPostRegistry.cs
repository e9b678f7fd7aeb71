namespace Grok2Api.Simulator.Media;

/// <summary>Every post <c>media/post/create</c> created, oldest first, so tests can assert the gateway made them. Thread-safe.</summary>
public sealed class MediaPostRegistry
{
    private readonly RecordList<MediaPost> _posts = new();

    /// <summary>A snapshot of every post, oldest first.</summary>
    public IReadOnlyList<MediaPost> All => _posts.Snapshot();

    /// <summary>The posts of one account, oldest first.</summary>
    public IReadOnlyList<MediaPost> ForToken(string token) => [.. All.Where(p => p.Token == token)];

    /// <summary>The post with this id, or null.</summary>
    public MediaPost? Find(string id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>Forgets every post (image-edit and video requests naming them are then refused).</summary>
    public void Clear() => _posts.Clear();

    internal void Add(MediaPost post) => _posts.Add(post);
}
