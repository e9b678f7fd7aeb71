namespace Grok2Api.Proxy.Public;

/// <summary>What a public session generates.</summary>
internal enum PublicTaskKind
{
    /// <summary>An endless Imagine loop.</summary>
    Imagine,

    /// <summary>One video generation.</summary>
    Video,
}

/// <summary>
/// One public session (an Imagine loop or a video generation): its id (the capability its streams are
/// opened with), the client that started it, when it expires, what it generates, and the signal that
/// stops whatever stream runs it. Thread-safe.
/// </summary>
internal sealed class PublicTask : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _attached;

    public PublicTask(string id, PublicTaskKind kind, string client, DateTimeOffset expires, object spec)
    {
        Id = id;
        Kind = kind;
        Client = client;
        Expires = expires;
        Spec = spec;
        Stopped = _stop.Token;
    }

    /// <summary>The task id.</summary>
    public string Id { get; }

    /// <summary>Imagine or video.</summary>
    public PublicTaskKind Kind { get; }

    /// <summary>The client's address, for the per-client limit.</summary>
    public string Client { get; }

    /// <summary>When the session ends (<c>public.session_ttl</c> after its start).</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>The generation: a <see cref="Imagine.PublicImagineSpec"/> or a <see cref="Video.PublicVideoSpec"/>.</summary>
    public object Spec { get; }

    /// <summary>Fires when the session is stopped or removed.</summary>
    public CancellationToken Stopped { get; }

    /// <summary>Claims the session for one stream; false while another stream runs it (one loop per session, so one session never spends twice).</summary>
    public bool TryAttach() => Interlocked.Exchange(ref _attached, 1) == 0;

    /// <summary>Releases the claim of <see cref="TryAttach"/>.</summary>
    public void Detach() => Volatile.Write(ref _attached, 0);

    /// <summary>Stops every stream of the session.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and released.
        }
    }

    public void Dispose() => _stop.Dispose();
}
