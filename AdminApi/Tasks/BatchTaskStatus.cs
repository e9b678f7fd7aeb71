namespace Grok2Api.AdminApi.Tasks;

/// <summary>The wire names of a task's status.</summary>
internal static class BatchTaskStatus
{
    /// <summary>Still working.</summary>
    public const string Running = "running";

    /// <summary>Every item was tried and at least one succeeded (or there were none).</summary>
    public const string Done = "done";

    /// <summary>Every item failed, the task itself broke, or the service restarted while it ran.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by an admin; items not done were not counted.</summary>
    public const string Cancelled = "cancelled";
}
