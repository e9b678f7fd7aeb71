namespace Grok2Api.Storage.Tasks;

/// <summary>
/// One admin batch task as the task store keeps it (<c>DATA_DIR/tasks.json</c> locally): what it did and
/// how it ended, never a token (only public ids and masks). Timestamps are milliseconds since the epoch.
/// </summary>
public sealed record BatchTaskRecord
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }

    /// <summary>refresh, nsfw, assets_load or assets_clear.</summary>
    public required string Kind { get; init; }

    /// <summary>running, done, failed or cancelled.</summary>
    public required string Status { get; init; }

    /// <summary>Items in the task.</summary>
    public int Total { get; init; }

    /// <summary>Items done.</summary>
    public int Processed { get; init; }

    /// <summary>Items that succeeded.</summary>
    public int Ok { get; init; }

    /// <summary>Items that failed.</summary>
    public int Fail { get; init; }

    /// <summary>The failed items, with why.</summary>
    public IReadOnlyList<BatchTaskItemError> Errors { get; init; } = [];

    /// <summary>Asset counts per token (assets_load only).</summary>
    public IReadOnlyList<BatchTaskAssetCount> Assets { get; init; } = [];

    /// <summary>When the task was created.</summary>
    public long CreatedAt { get; init; }

    /// <summary>When it ended; null while running.</summary>
    public long? EndedAt { get; init; }

    /// <summary>Why a failed task failed as a whole (for example "the service restarted"); null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The id of the instance that created and runs the task (<c>StoreInstance.Id</c>); null in records
    /// written before instances shared a store.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Set by another instance when an admin cancelled the task there; the owner then stops it.</summary>
    public bool CancelRequested { get; init; }
}

/// <summary>One failed item of a task.</summary>
/// <param name="Id">The token id.</param>
/// <param name="TokenMasked">The masked token; empty when no token has the id.</param>
/// <param name="Reason">Why it failed.</param>
public sealed record BatchTaskItemError(string Id, string TokenMasked, string Reason);

/// <summary>How many online assets one account had (assets_load).</summary>
/// <param name="Id">The token id.</param>
/// <param name="TokenMasked">The masked token.</param>
/// <param name="Count">The number of assets listed.</param>
public sealed record BatchTaskAssetCount(string Id, string TokenMasked, int Count);
