using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Grok2Api.Proxy.Public;

/// <summary>
/// The live public sessions of this instance, in memory, with the guard of <c>[public]</c>: at most
/// <c>max_sessions</c> at once and <c>max_sessions_per_client</c> per client address, each living
/// <c>session_ttl</c> seconds. Expired sessions are dropped whenever the table is used. Thread-safe.
/// </summary>
internal sealed class PublicTasks(IOptionsMonitor<PublicSection> settings, TimeProvider time)
{
    private readonly Dictionary<string, PublicTask> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The session time-to-live now configured.</summary>
    public TimeSpan Ttl => TimeSpan.FromSeconds(settings.CurrentValue.SessionTtl);

    /// <summary>Starts a session for <paramref name="client"/>, or says in how many seconds to retry.</summary>
    /// <param name="kind">Imagine or video.</param>
    /// <param name="client">The client's address.</param>
    /// <param name="spec">What it generates.</param>
    /// <param name="task">The session, when the guard let it start.</param>
    /// <param name="retryAfter">Seconds until a slot frees at the latest (the next expiry), when it did not.</param>
    public bool TryStart(PublicTaskKind kind, string client, object spec, [NotNullWhen(true)] out PublicTask? task, out string retryAfter)
    {
        var now = time.GetUtcNow();
        var limits = settings.CurrentValue;
        lock (_gate)
        {
            Purge(now);
            var mine = 0;
            DateTimeOffset? nextAll = null;
            DateTimeOffset? nextMine = null;
            foreach (var live in _tasks.Values)
            {
                nextAll = nextAll is null || live.Expires < nextAll ? live.Expires : nextAll;
                if (live.Client == client)
                {
                    mine++;
                    nextMine = nextMine is null || live.Expires < nextMine ? live.Expires : nextMine;
                }
            }

            DateTimeOffset? full = _tasks.Count >= limits.MaxSessions ? nextAll : mine >= limits.MaxSessionsPerClient ? nextMine : null;
            if (full is { } until)
            {
                task = null;
                retryAfter = Math.Max(1, (long)Math.Ceiling((until - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return false;
            }

            task = new PublicTask(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), kind, client, now + TimeSpan.FromSeconds(limits.SessionTtl), spec);
            _tasks[task.Id] = task;
            retryAfter = string.Empty;
            return true;
        }
    }

    /// <summary>The live session <paramref name="id"/> of <paramref name="kind"/>, or null.</summary>
    public PublicTask? Find(string? id, PublicTaskKind kind)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        lock (_gate)
        {
            Purge(time.GetUtcNow());
            return _tasks.TryGetValue(id, out var task) && task.Kind == kind ? task : null;
        }
    }

    /// <summary>Stops and removes the sessions <paramref name="ids"/> of <paramref name="kind"/>; returns how many there were.</summary>
    public int Remove(IEnumerable<string> ids, PublicTaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var removed = new List<PublicTask>();
        lock (_gate)
        {
            Purge(time.GetUtcNow());
            foreach (var id in ids)
            {
                if (_tasks.TryGetValue(id, out var task) && task.Kind == kind && _tasks.Remove(id))
                {
                    removed.Add(task);
                }
            }
        }

        foreach (var task in removed)
        {
            task.Stop();
        }

        return removed.Count;
    }

    /// <summary>Removes one session (its stream ended for good).</summary>
    public void Remove(PublicTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_tasks.TryGetValue(task.Id, out var current) && ReferenceEquals(current, task))
            {
                _tasks.Remove(task.Id);
            }
        }

        task.Stop();
    }

    private void Purge(DateTimeOffset now)
    {
        List<PublicTask>? expired = null;
        foreach (var task in _tasks.Values)
        {
            if (task.Expires <= now)
            {
                (expired ??= []).Add(task);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var task in expired)
        {
            _tasks.Remove(task.Id);
            task.Stop();
        }
    }
}
