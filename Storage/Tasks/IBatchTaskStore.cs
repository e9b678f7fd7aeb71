namespace Grok2Api.Storage.Tasks;

/// <summary>
/// Where the admin batch tasks are kept, so a restarted service (or another worker, with shared storage)
/// still lists the recent ones. The local store is <c>DATA_DIR/tasks.json</c>; a shared store keeps one record per task. Writes are
/// per task, never a replacement of every task. The caller throttles saves.
/// </summary>
public interface IBatchTaskStore
{
    /// <summary>Reads the kept tasks; an absent or unreadable store gives an empty list (tasks are not precious).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces each task, by id. Other tasks are left alone (another instance may own them).</summary>
    /// <param name="tasks">The tasks to write.</param>
    /// <param name="cancellationToken">Cancels before the write is made visible.</param>
    Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken);

    /// <summary>Deletes the tasks with these ids; unknown ids are ignored.</summary>
    /// <param name="ids">Task ids.</param>
    /// <param name="cancellationToken">Cancels before the delete is made visible.</param>
    Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
