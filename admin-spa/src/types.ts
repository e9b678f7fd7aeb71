/** Shapes of the admin API (docs/compatibility.md §7.2), as the app reads them. */

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
  /** Why a failed task failed as a whole (the service restarted, say); null otherwise. */
  reason?: string | null;
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
  reason?: string | null;
}

/* tokens page */

/** The counts of GET /v1/admin/tokens: over every token, whatever the filters. */
export interface TokenListStats {
  total: number;
  active: number;
  cooling: number;
  expired: number;
  disabled: number;
  /** The quota of every token (the list has no per-status sum). */
  total_quota: number;
  total_use_count: number;
  in_flight: number;
}

/* config page */

/** How a config key is edited (GET /v1/admin/config/schema). */
export type ConfigKind = 'bool' | 'int' | 'number' | 'string' | 'enum' | 'secret' | 'list' | 'table';

/** A config value as the API sends it. */
export type ConfigValue = boolean | number | string | (string | number)[] | Record<string, number | string> | null;

export interface ConfigKeySchema {
  key: string;
  kind: ConfigKind;
  /** Item kind of a list ('string' | 'int') or value kind of a table ('int'). */
  item: 'string' | 'int' | null;
  default: ConfigValue;
  description: string;
  values: string[] | null;
  min: number | null;
  max: number | null;
  required: boolean;
  constraint: string | null;
}

/** How a map section's entries look (`[model_alias]`): free names, each mapped to a value of `item`. */
export interface ConfigMapSchema {
  item: 'string';
  /** What a name must be, in words. */
  key_rule: string;
  /** What a value must be, in words. */
  value_rule: string;
}

export interface ConfigSectionSchema {
  section: string;
  description: string;
  /** The fixed keys; empty for a map section. */
  keys: ConfigKeySchema[];
  /** Set for a map section (free names, edited as rows); null or absent for any other section. */
  map?: ConfigMapSchema | null;
}

export interface ConfigSchema {
  sections: ConfigSectionSchema[];
}

/** The effective config: {"section":{"key":value}}, secrets masked. */
export type ConfigTree = Record<string, Record<string, ConfigValue>>;

/* cache page */

export type MediaType = 'image' | 'video';

export interface CacheKindStats {
  count: number;
  bytes: number;
}

export interface CacheStats {
  image: CacheKindStats;
  video: CacheKindStats;
  limit_mb: number;
}

export interface CacheFile {
  name: string;
  type: MediaType;
  bytes: number;
  /** ISO 8601 time of the last write. */
  modified_at: string;
  url: string;
}

export interface CacheFileList {
  items: CacheFile[];
  total: number;
  page: number;
  page_size: number;
}

export interface CacheClearResult {
  deleted: number;
  freed_bytes: number;
}

/** The answer of GET /v1/admin/tokens. */
export interface TokenList {
  items: TokenView[];
  total: number;
  page: number;
  page_size: number;
  stats: TokenListStats;
}

/** The part of GET /v1/admin/stats the tokens page reads (when the service has it). */
export interface PoolStatsTokens {
  total: number;
  quota_left: number;
  nsfw: number;
}
