import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import type { TaskAssetCount, TaskError, TaskEvent, TaskKind, TaskView } from './types';

/** A batch task as the page follows it. */
export interface TaskState {
  id: string;
  kind: TaskKind;
  status: TaskView['status'];
  total: number;
  processed: number;
  ok: number;
  fail: number;
  errors: TaskError[];
  /** Asset counts per account (assets_load), as items arrive. */
  assets: TaskAssetCount[];
  /** Why the task failed as a whole, when it did. */
  reason: string | null;
}

function fromView(view: TaskView): TaskState {
  return {
    id: view.id,
    kind: view.kind,
    status: view.status,
    total: view.total,
    processed: view.processed,
    ok: view.ok,
    fail: view.fail,
    errors: view.errors ?? [],
    assets: view.assets ?? [],
    reason: view.reason ?? null,
  };
}

const finalTypes = new Set(['done', 'failed', 'cancelled']);

/** How long to wait before following a running task again after its event stream was refused. */
const refollowDelayMs = 3_000;

/** Where the ids of the task panels dismissed in this tab are kept (ids only, never a task's state). */
const dismissedKey = 'grok2api_dismissed_tasks';

/** How many dismissed ids are kept; the service keeps at most 50 tasks. */
const dismissedKept = 50;

/** The ids of the task panels dismissed in this tab, oldest first; none when storage is unavailable. */
function dismissedIds(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(dismissedKey) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function rememberDismissed(id: string): void {
  const ids = [...dismissedIds().filter((kept) => kept !== id), id].slice(-dismissedKept);
  try {
    sessionStorage.setItem(dismissedKey, JSON.stringify(ids));
  } catch {
    // No storage (private mode, full): the panel is gone until the next reload only.
  }
}

/** Whether an ended task left something to act on: failed as a whole, or with failed items. */
function endedWithFailures(view: TaskView): boolean {
  return view.status !== 'running' && (view.status === 'failed' || view.fail > 0 || (view.errors?.length ?? 0) > 0);
}

/**
 * Starts, follows, cancels and retries the batch tasks of the given kinds. Progress arrives over
 * server-sent events. On mount (after a reload, say) it reattaches from GET /v1/admin/tasks, whose
 * items carry their errors: to a task of those kinds that is still running, or else to the newest
 * task of those kinds when it ended with failures (failed, or done or cancelled with failed items),
 * so its failures and "retry failed" are still there. A task that ended cleanly, or one followed by
 * a newer task of those kinds, has nothing to show. Task state lives in the service; the browser
 * keeps only the ids of the panels dismissed in this tab (sessionStorage, the last 50), so a
 * dismissed task does not come back.
 */
export function useTask(kinds: readonly TaskKind[], onEnded?: (task: TaskState) => void) {
  const [task, setTask] = useState<TaskState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const source = useRef<EventSource | null>(null);
  const ended = useRef(onEnded);
  ended.current = onEnded;
  /** Set once a task is shown, so the reattach on mount never replaces a task started meanwhile. */
  const shown = useRef(false);

  const follow = useCallback((initial: TaskState) => {
    source.current?.close();
    shown.current = true;
    setTask(initial);
    if (finalTypes.has(initial.status)) {
      return;
    }
    const events = new EventSource(`/v1/admin/tasks/${encodeURIComponent(initial.id)}/events`);
    source.current = events;
    events.onmessage = (message) => {
      const event = JSON.parse(message.data) as TaskEvent;
      setTask((current) => {
        if (!current || current.id !== initial.id) {
          return current;
        }
        const next: TaskState = {
          ...current,
          total: event.total,
          processed: event.processed,
          ok: event.ok,
          fail: event.fail,
        };
        const item = event.item;
        if (item && !item.ok && item.reason) {
          next.errors = [...current.errors.filter((e) => e.id !== item.id), { id: item.id, token_masked: item.token_masked, reason: item.reason }];
        }
        if (item && item.count !== null && item.count !== undefined) {
          next.assets = [...current.assets.filter((a) => a.id !== item.id), { id: item.id, token_masked: item.token_masked, count: item.count }];
        }
        if (event.errors) {
          next.errors = event.errors;
        }
        if (event.reason) {
          next.reason = event.reason;
        }
        if (finalTypes.has(event.type)) {
          next.status = event.type as TaskState['status'];
          events.close();
          queueMicrotask(() => ended.current?.(next));
        } else if (event.type === 'snapshot' && event.status) {
          next.status = event.status;
        }
        return next;
      });
    };
    // EventSource reconnects by itself after a dropped connection; a finished task then answers
    // its snapshot and final event at once. An answer that is not an event stream (a 401 after the
    // session ended, a 5xx) closes it for good: the task is read once instead, so the panel never
    // shows "running" for a task that has ended, and a running one is followed again a little later.
    events.onerror = () => {
      if (events.readyState !== EventSource.CLOSED || source.current !== events) {
        return;
      }
      api<TaskView>('GET', `/v1/admin/tasks/${encodeURIComponent(initial.id)}`)
        .then((view) => {
          if (source.current !== events) {
            return;
          }
          const state = fromView(view);
          if (finalTypes.has(state.status)) {
            follow(state);
            queueMicrotask(() => ended.current?.(state));
          } else {
            setTimeout(() => {
              if (source.current === events) {
                follow(state);
              }
            }, refollowDelayMs);
          }
        })
        .catch((e) => {
          if (source.current === events) {
            setError((e as Error).message);
          }
        });
    };
  }, []);

  useEffect(() => {
    let alive = true;
    api<{ items: TaskView[] }>('GET', '/v1/admin/tasks')
      .then((answer) => {
        if (!alive || shown.current) {
          return;
        }
        // Newest first: the newest of these kinds is what the panel showed before the reload.
        const mine = answer.items.filter((item) => kinds.includes(item.kind));
        const running = mine.find((item) => item.status === 'running');
        const newest = mine[0];
        if (running) {
          follow(fromView(running));
        } else if (newest && endedWithFailures(newest) && !dismissedIds().includes(newest.id)) {
          follow(fromView(newest));
        }
      })
      .catch(() => {
        // No list: nothing to reattach to.
      });
    return () => {
      alive = false;
      source.current?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const start = useCallback(
    async (kind: TaskKind, ids: string[] | null) => {
      setError(null);
      try {
        const created = await api<{ id: string; total: number }>('POST', '/v1/admin/tasks', { kind, ids });
        follow({ id: created.id, kind, status: 'running', total: created.total, processed: 0, ok: 0, fail: 0, errors: [], assets: [], reason: null });
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [follow],
  );

  const cancel = useCallback(async () => {
    if (!task) {
      return;
    }
    try {
      await api('POST', `/v1/admin/tasks/${encodeURIComponent(task.id)}/cancel`);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [task]);

  const retryFailed = useCallback(async () => {
    if (task && task.errors.length > 0) {
      await start(task.kind, task.errors.map((e) => e.id));
    }
  }, [task, start]);

  const dismiss = useCallback(() => {
    if (task) {
      rememberDismissed(task.id);
    }
    source.current?.close();
    setTask(null);
  }, [task]);

  return { task, error, start, cancel, retryFailed, dismiss };
}
