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

/**
 * Starts, follows, cancels and retries the batch tasks of the given kinds. On mount it reattaches
 * to a task of those kinds that is still running (after a reload, say), from GET /v1/admin/tasks:
 * task state lives in the service, never in the browser. Progress arrives over server-sent events.
 */
export function useTask(kinds: readonly TaskKind[], onEnded?: (task: TaskState) => void) {
  const [task, setTask] = useState<TaskState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const source = useRef<EventSource | null>(null);
  const ended = useRef(onEnded);
  ended.current = onEnded;

  const follow = useCallback((initial: TaskState) => {
    source.current?.close();
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
        const running = answer.items.find((item) => item.status === 'running' && kinds.includes(item.kind));
        if (alive && running) {
          follow(fromView(running));
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
    source.current?.close();
    setTask(null);
  }, []);

  return { task, error, start, cancel, retryFailed, dismiss };
}
