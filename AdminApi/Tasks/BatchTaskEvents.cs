using Grok2Api.Storage.Tasks;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>The result of one item, as a progress event carries it.</summary>
/// <param name="Id">The token id.</param>
/// <param name="TokenMasked">The masked token; empty when no token has the id.</param>
/// <param name="Ok">Whether the item succeeded.</param>
/// <param name="Reason">Why it failed; null when it succeeded.</param>
/// <param name="Count">Assets listed (assets_load) or deleted (assets_clear); null for the other kinds.</param>
public sealed record TaskItemResult(string Id, string TokenMasked, bool Ok, string? Reason, int? Count);

/// <summary>The first event of a stream: the task as it is.</summary>
public sealed record TaskSnapshotEvent(
    string Type,
    string TaskId,
    string Kind,
    string Status,
    int Total,
    int Processed,
    int Ok,
    int Fail,
    IReadOnlyList<BatchTaskItemError> Errors,
    IReadOnlyList<BatchTaskAssetCount> Assets,
    long CreatedAt,
    long? EndedAt,
    string? Reason);

/// <summary>One item processed, with the counters after it.</summary>
public sealed record TaskProgressEvent(string Type, string TaskId, int Total, int Processed, int Ok, int Fail, TaskItemResult Item);

/// <summary>The last event of a stream: <c>done</c>, <c>failed</c> or <c>cancelled</c>.</summary>
public sealed record TaskFinalEvent(
    string Type, string TaskId, int Total, int Processed, int Ok, int Fail, IReadOnlyList<BatchTaskItemError> Errors, string? Reason);

/// <summary>The answer of <c>POST /v1/admin/tasks</c>.</summary>
/// <param name="Id">The new task's id.</param>
/// <param name="Total">Items in it.</param>
public sealed record TaskCreatedResponse(string Id, int Total);

/// <summary>The answer of <c>GET /v1/admin/tasks</c>: newest first.</summary>
/// <param name="Items">The tasks.</param>
public sealed record TaskListResponse(IReadOnlyList<BatchTaskRecord> Items);
