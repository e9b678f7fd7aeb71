namespace Grok2Api.AdminApi.Tasks;

/// <summary>Carries out the items of one kind of task.</summary>
internal interface IBatchTaskWork
{
    /// <summary>
    /// Works on every item, in batches with the limits of the kind's config section, and reports each
    /// item once through <paramref name="report"/> (possibly from several threads). A failed item does not
    /// stop the others.
    /// </summary>
    /// <param name="kind">The task kind.</param>
    /// <param name="items">The tokens.</param>
    /// <param name="report">Receives one result per item done.</param>
    /// <param name="cancellationToken">Cancels the run and the calls in flight; items not done are not reported.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    Task RunAsync(BatchTaskKind kind, IReadOnlyList<BatchTaskItem> items, Action<TaskItemResult> report, CancellationToken cancellationToken);
}
