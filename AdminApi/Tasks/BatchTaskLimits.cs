namespace Grok2Api.AdminApi.Tasks;

/// <summary>The fixed bounds of the batch task engine (docs/adr/0010-admin-batch-tasks.md).</summary>
internal static class BatchTaskLimits
{
    /// <summary>Tasks running at once; one more is refused with 429.</summary>
    public const int MaxRunning = 4;

    /// <summary>Tasks kept (running and ended); the oldest ended ones go first.</summary>
    public const int MaxKept = 50;

    /// <summary>Ids in one task.</summary>
    public const int MaxIds = 10_000;

    /// <summary>Events buffered per listener; progress beyond that is dropped for that listener (the final event never is).</summary>
    public const int ListenerBuffer = 256;

    /// <summary>How long an ended task is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>The interval of <c>: ping</c> comments on an event stream.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    /// <summary>Saves to the task store are at most this often.</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>Shared store: how often the owner of running tasks reads the store for cancels asked on other instances.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>Shared store: how often an event stream on an instance that does not run the task reads its record.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);
}
