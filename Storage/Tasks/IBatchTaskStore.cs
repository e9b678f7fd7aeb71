namespace Grok2Api.Storage.Tasks;

/// <summary>
/// Where the admin batch tasks are kept, so a restarted service (or another worker, with shared storage)
/// still lists the recent ones. The local store is <c>DATA_DIR/tasks.json</c>; shared stores come with
/// the shared-storage issue. The caller throttles saves.
/// </summary>
public interface IBatchTaskStore
{
    /// <summary>Reads the kept tasks; an absent or unreadable store gives an empty list (tasks are not precious).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the kept tasks with <paramref name="tasks"/>, atomically.</summary>
    /// <param name="tasks">Every task to keep.</param>
    /// <param name="cancellationToken">Cancels before the write is made visible.</param>
    Task SaveAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken);
}
