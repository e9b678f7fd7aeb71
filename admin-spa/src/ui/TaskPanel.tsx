import { formatNumber, t } from '../i18n';
import type { TaskState } from '../tasks';

/**
 * The progress of a batch task: a progress bar, the counts, cancel while it runs, and when it has
 * ended the failures with their reasons and a button to retry the failed ones.
 */
export function TaskPanel(props: { task: TaskState; onCancel: () => void; onRetry: () => void; onDismiss: () => void }) {
  const { task } = props;
  const running = task.status === 'running';
  const kind = t(`task.kind.${task.kind}`);
  return (
    <section class={`card task task-${task.status}`} data-testid="task-panel" aria-label={t('task.progress.label', { kind })}>
      <div class="task-head">
        <strong>{kind}</strong>
        <span class={`badge badge-${task.status}`} data-testid="task-status" data-status={task.status}>
          {t(`task.status.${task.status}`)}
        </span>
      </div>
      <progress
        data-testid="task-progress"
        max={Math.max(task.total, 1)}
        value={task.processed}
        aria-valuemin={0}
        aria-valuemax={task.total}
        aria-valuenow={task.processed}
        aria-label={t('task.progress.label', { kind })}
      />
      {task.reason ? (
        <p class="error" role="alert" data-testid="task-reason">
          {t('task.reason', { reason: task.reason })}
        </p>
      ) : null}
      <div class="task-counts" data-testid="task-counts">
        {t('task.counts', {
          processed: formatNumber(task.processed),
          total: formatNumber(task.total),
          ok: formatNumber(task.ok),
          fail: formatNumber(task.fail),
        })}
      </div>
      <div class="row">
        {running ? (
          <button type="button" class="danger" data-testid="task-cancel" onClick={props.onCancel}>
            {t('task.cancel')}
          </button>
        ) : (
          <>
            {task.errors.length > 0 ? (
              <button type="button" data-testid="task-retry" onClick={props.onRetry}>
                {t('task.retry')}
              </button>
            ) : null}
            <button type="button" class="ghost" data-testid="task-dismiss" onClick={props.onDismiss}>
              {t('task.dismiss')}
            </button>
          </>
        )}
      </div>
      {task.errors.length > 0 ? (
        <details class="task-errors" open={!running}>
          <summary>{t('task.failures', { count: task.errors.length })}</summary>
          <ul>
            {task.errors.slice(0, 200).map((error) => (
              <li key={error.id} data-testid="task-error" data-id={error.id}>
                <code>{error.token_masked}</code> {error.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
