/** Shapes of the admin API (docs/admin-api.md), as the app reads them. */

export type TokenStatus = 'active' | 'cooling' | 'expired' | 'disabled';

export interface TokenView {
  id: string;
  token_masked: string;
  pool: string;
  status: TokenStatus;
  quota: number;
  use_count: number;
  fail_count: number;
  tags: string[];
  note: string;
  created_at: number | null;
  last_used_at: number | null;
  last_sync_at: number | null;
  last_fail_at: number | null;
  last_fail_reason: string | null;
  last_asset_clear_at?: number | null;
}

export type TaskKind = 'refresh' | 'nsfw' | 'assets_load' | 'assets_clear';
export type TaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface TaskError {
  id: string;
  token_masked: string;
  reason: string;
}

export interface TaskAssetCount {
  id: string;
  token_masked: string;
  count: number;
}

export interface TaskView {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  total: number;
  processed: number;
  ok: number;
  fail: number;
  errors: TaskError[];
  created_at: number;
  ended_at: number | null;
  assets?: TaskAssetCount[];
}

export interface TaskItemEvent {
  id: string;
  token_masked: string;
  ok: boolean;
  reason: string | null;
  count: number | null;
}

/** One server-sent event of a task: a snapshot, a progress report or the final event. */
export interface TaskEvent {
  type: 'snapshot' | 'progress' | TaskStatus;
  task_id?: string;
  status?: TaskStatus;
  total: number;
  processed: number;
  ok: number;
  fail: number;
  item?: TaskItemEvent;
  errors?: TaskError[];
}
