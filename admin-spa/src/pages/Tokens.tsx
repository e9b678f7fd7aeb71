import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, apiText, query } from '../api';
import { formatNumber, t, useLang } from '../i18n';
import '../i18n/tokens';
import { type TaskState, useTask } from '../tasks';
import type { PoolStatsTokens, TokenList, TokenStatus, TokenView } from '../types';
import { StatCard } from '../ui/StatCard';
import { TaskPanel } from '../ui/TaskPanel';
import { toast } from '../ui/toast';
import { copyText, downloadText } from './tokens/clipboard';
import { ConfirmDialog } from './tokens/ConfirmDialog';
import { EditDialog } from './tokens/EditDialog';
import {
  bareToken,
  isFiltered,
  knownPools,
  listParams,
  looksLikeToken,
  type NsfwFilter,
  readFilters,
  sameFilter,
  statusTabs,
  type TokenFilters,
  tokenId,
  writeFilters,
} from './tokens/filters';
import { problemText, tokensCount } from './tokens/format';
import { ImportDialog } from './tokens/ImportDialog';
import { Pager } from './tokens/Pager';
import { TokenTable } from './tokens/TokenTable';

/** "Select all filtered" reads the ids page by page, at most this many pages of 500. */
const selectPageSize = 500;
const selectMaxPages = 40;
const taskKinds = ['refresh', 'nsfw'] as const;

type PendingDelete = { ids: string[]; label: string; single: TokenView | null };
type TabCounts = { status: Partial<Record<TokenStatus | 'all', number>>; nsfw: Partial<Record<NsfwFilter, number>> };

const nsfwTabs: readonly NsfwFilter[] = ['all', 'yes', 'no'];

function listUrl(filters: TokenFilters, page: number, pageSize: number): string {
  return `/v1/admin/tokens${query({ ...listParams(filters), page, page_size: pageSize })}`;
}

/**
 * The count behind every tab under the other filters now set: a one-item query per tab. The
 * status counts of an otherwise unfiltered list are the list's own statistics, so those are
 * asked only when the NSFW tag, the pool or a search narrows the list.
 */
async function countTabs(filters: TokenFilters): Promise<TabCounts> {
  const count = async (f: TokenFilters) => (await api<TokenList>('GET', listUrl(f, 1, 1))).total;
  const narrowed = filters.nsfw !== 'all' || filters.pool !== '' || filters.q.trim() !== '';
  const [status, nsfw] = await Promise.all([
    narrowed ? Promise.all(statusTabs.map((value) => count({ ...filters, status: value }))) : Promise.resolve(null),
    Promise.all(nsfwTabs.map((value) => count({ ...filters, nsfw: value }))),
  ]);
  return {
    status: status ? Object.fromEntries(statusTabs.map((value, index) => [value, status[index]])) : {},
    nsfw: Object.fromEntries(nsfwTabs.map((value, index) => [value, nsfw[index]])),
  };
}

/**
 * The tokens page: stat cards, filters kept in the URL, the token table with per-row actions, a
 * selection across pages with batch actions, and the progress of the refresh and NSFW tasks.
 */
export function Tokens() {
  useLang();
  const [filters, setFilters] = useState<TokenFilters>(() => readFilters());
  const [searchText, setSearchText] = useState(filters.q);
  const [searchNote, setSearchNote] = useState<'hashed' | 'unavailable' | null>(null);
  const [list, setList] = useState<TokenList | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [overview, setOverview] = useState<PoolStatsTokens | null>(null);
  const [tabCounts, setTabCounts] = useState<TabCounts | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [selecting, setSelecting] = useState(false);
  const [editing, setEditing] = useState<TokenView | null>(null);
  const [importing, setImporting] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<PendingDelete | null>(null);

  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const sequence = useRef(0);
  const overviewMissing = useRef(false);

  const tasks = useTask(taskKinds, (ended: TaskState) => {
    toast(
      t('tokens.task.ended', {
        kind: t(`task.kind.${ended.kind}`),
        status: t(`task.status.${ended.status}`),
        ok: formatNumber(ended.ok),
        fail: formatNumber(ended.fail),
      }),
      ended.status === 'done' && ended.fail === 0 ? 'ok' : 'error',
    );
    void load();
  });
  const taskRunning = tasks.task?.status === 'running';

  async function load(current: TokenFilters = filtersRef.current) {
    const mine = ++sequence.current;
    setLoading(true);
    try {
      const answer = await api<TokenList>('GET', listUrl(current, current.page, current.size));
      if (mine !== sequence.current) {
        return;
      }
      const last = Math.max(1, Math.ceil(answer.total / current.size));
      if (current.page > last) {
        // Past the end (after a delete, or an old link): show the last page instead.
        setFilters({ ...current, page: last });
        return;
      }
      setList(answer);
      setLoadError(null);
    } catch (e) {
      if (mine === sequence.current) {
        setLoadError(problemText(e));
      }
    } finally {
      if (mine === sequence.current) {
        setLoading(false);
      }
    }
    countTabs(current)
      .then((counts) => {
        if (mine === sequence.current) {
          setTabCounts(counts);
        }
      })
      .catch(() => setTabCounts(null));
    if (!overviewMissing.current) {
      // The pool statistics give the quota of the active tokens and the NSFW count; a service
      // without them leaves those figures to the list's own counts.
      api<{ tokens: PoolStatsTokens }>('GET', '/v1/admin/stats')
        .then((answer) => setOverview(answer.tokens))
        .catch((e) => {
          if (e instanceof ApiError && e.status === 404) {
            overviewMissing.current = true;
          }
        });
    }
  }

  useEffect(() => {
    writeFilters(filters);
    void load(filters);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);

  // The search goes to the service a moment after typing stops. A pasted whole token is never sent:
  // the page computes its public id and searches for that.
  useEffect(() => {
    let alive = true;
    const timer = window.setTimeout(async () => {
      let q = searchText.trim();
      let note: typeof searchNote = null;
      if (looksLikeToken(q)) {
        const id = await tokenId(bareToken(q));
        if (!alive) {
          return;
        }
        if (id === null) {
          setSearchNote('unavailable');
          return;
        }
        q = id;
        note = 'hashed';
      }
      setSearchNote(note);
      changeFilters({ q });
    }, 300);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  function changeFilters(patch: Partial<TokenFilters>) {
    const current = filtersRef.current;
    const next = { ...current, ...patch };
    if (!sameFilter(current, next)) {
      // A new filter starts at its first page with nothing selected.
      next.page = patch.page ?? 1;
      setSelected(new Set());
    } else if (patch.size !== undefined && patch.page === undefined) {
      // Keep the first row in view when the page size changes.
      next.page = Math.floor(((current.page - 1) * current.size) / patch.size) + 1;
    } else if (next.page === current.page && next.size === current.size) {
      return;
    }
    filtersRef.current = next;
    setFilters(next);
  }

  function clearFilters() {
    setSearchText('');
    setSearchNote(null);
    changeFilters({ status: 'all', nsfw: 'all', pool: '', q: '' });
  }

  // Selection.
  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });
  }

  function togglePage(select: boolean) {
    const ids = list?.items.map((item) => item.id) ?? [];
    setSelected((current) => {
      const next = new Set(current);
      ids.forEach((id) => (select ? next.add(id) : next.delete(id)));
      return next;
    });
  }

  async function selectAllFiltered() {
    setSelecting(true);
    const current = filtersRef.current;
    const ids = new Set<string>();
    let total = 0;
    try {
      for (let page = 1; page <= selectMaxPages; page++) {
        const answer = await api<TokenList>('GET', listUrl(current, page, selectPageSize));
        answer.items.forEach((item) => ids.add(item.id));
        total = answer.total;
        if (answer.items.length < selectPageSize || page * selectPageSize >= answer.total) {
          break;
        }
      }
      if (!sameFilter(current, filtersRef.current)) {
        return;
      }
      setSelected(ids);
      toast(ids.size < total ? t('tokens.select.capped', { count: formatNumber(ids.size), total: formatNumber(total) }) : t('tokens.select.done', { tokens: tokensCount(ids.size) }));
    } catch (e) {
      toast(problemText(e), 'error');
    } finally {
      setSelecting(false);
    }
  }

  // Row actions.
  async function copyMask(token: TokenView) {
    const copied = await copyText(token.token_masked);
    toast(copied ? t('tokens.copy.mask.done', { mask: token.token_masked }) : t('tokens.copy.failed'), copied ? 'ok' : 'error');
  }

  async function copyFull(token: TokenView) {
    try {
      const text = (await apiText('POST', '/v1/admin/tokens/export', { ids: [token.id] })).trim();
      if (!text) {
        toast(t('tokens.gone'), 'error');
        void load();
        return;
      }
      if (await copyText(text)) {
        toast(t('tokens.copy.full.done', { mask: token.token_masked }));
      } else {
        toast(t('tokens.copy.failed'), 'error');
      }
    } catch (e) {
      toast(problemText(e), 'error');
    }
  }

  async function startTask(kind: 'refresh' | 'nsfw', ids: string[]) {
    if (ids.length === 0) {
      return;
    }
    await tasks.start(kind, ids);
  }

  useEffect(() => {
    if (tasks.error) {
      toast(t('tokens.task.failed', { message: tasks.error }), 'error');
    }
  }, [tasks.error]);

  /** Downloads the selected tokens, or every token (the original's export) when `ids` is null. */
  async function exportTokens(ids: string[] | null) {
    try {
      const text = await apiText('POST', '/v1/admin/tokens/export', ids ? { ids } : {});
      const count = text.split('\n').filter((line) => line.trim()).length;
      const date = new Date().toISOString().slice(0, 10);
      downloadText(ids ? `tokens_export_selected_${date}.txt` : `tokens_export_${date}.txt`, text);
      toast(t('tokens.export.done', { tokens: tokensCount(count) }));
    } catch (e) {
      toast(problemText(e), 'error');
    }
  }

  async function confirmDelete() {
    const pending = pendingDelete;
    if (!pending) {
      return;
    }
    try {
      let deleted: number;
      if (pending.single) {
        await api('DELETE', `/v1/admin/tokens/${encodeURIComponent(pending.single.id)}`);
        deleted = 1;
      } else {
        deleted = (await api<{ deleted: number }>('POST', '/v1/admin/tokens/delete', { ids: pending.ids })).deleted;
      }
      toast(t('tokens.delete.done', { tokens: tokensCount(deleted) }));
      setSelected((current) => {
        const next = new Set(current);
        pending.ids.forEach((id) => next.delete(id));
        return next;
      });
    } catch (e) {
      toast(e instanceof ApiError && e.status === 404 ? t('tokens.gone') : problemText(e), 'error');
    }
    setPendingDelete(null);
    void load();
  }

  const stats = list?.stats;
  const statusCount = (status: TokenStatus | 'all'): number | undefined =>
    tabCounts?.status[status] ?? (stats ? (status === 'all' ? stats.total : stats[status]) : undefined);
  const nsfwCount = (value: NsfwFilter): number | undefined => tabCounts?.nsfw[value];
  const count = selected.size;

  return (
    <section class="tokens-page" aria-labelledby="tokens-title">
      <div class="page-head">
        <h1 id="tokens-title">{t('tokens.title')}</h1>
        <div class="row">
          <button type="button" class="ghost" data-testid="tokens-reload" onClick={() => void load()} disabled={loading}>
            {t('tokens.reload')}
          </button>
          <button type="button" class="ghost" data-testid="export-all" disabled={!stats || stats.total === 0} onClick={() => void exportTokens(null)}>
            {t('tokens.export.all')}
          </button>
          <button type="button" class="primary" data-testid="import-open" onClick={() => setImporting(true)}>
            {t('tokens.import.open')}
          </button>
        </div>
      </div>

      <div class="grid stats-grid" aria-busy={!stats}>
        <StatCard name="total" label={t('tokens.stat.total')} value={stats?.total ?? '—'} />
        <StatCard name="active" label={t('tokens.stat.active')} value={stats?.active ?? '—'} tone="ok" />
        <StatCard name="cooling" label={t('tokens.stat.cooling')} value={stats?.cooling ?? '—'} tone="warn" />
        <StatCard name="expired" label={t('tokens.stat.expired')} value={stats?.expired ?? '—'} tone="bad" />
        <StatCard name="disabled" label={t('tokens.stat.disabled')} value={stats?.disabled ?? '—'} />
        <StatCard
          name="quota"
          label={t('tokens.stat.quota')}
          value={overview ? overview.quota_left : (stats?.total_quota ?? '—')}
          hint={overview ? t('tokens.stat.quota.hint') : t('tokens.stat.quota.hintAll')}
        />
        <StatCard name="calls" label={t('tokens.stat.calls')} value={stats?.total_use_count ?? '—'} hint={stats && stats.in_flight > 0 ? t('tokens.stat.inFlight', { count: stats.in_flight }) : undefined} />
      </div>

      <div class="card filters">
        <div class="filter-row">
          <div class="tabs" role="group" aria-label={t('tokens.filter.status')}>
            {statusTabs.map((status) => {
              const n = statusCount(status);
              return (
                <button
                  key={status}
                  type="button"
                  data-testid={`filter-status-${status}`}
                  aria-pressed={filters.status === status}
                  onClick={() => changeFilters({ status })}
                >
                  {t(`tokens.filter.${status}`)}
                  {n !== undefined ? <span class="tab-count">{formatNumber(n)}</span> : null}
                </button>
              );
            })}
          </div>
          <div class="tabs" role="group" aria-label={t('tokens.filter.nsfw')}>
            {nsfwTabs.map((value) => {
              const n = nsfwCount(value);
              return (
                <button key={value} type="button" data-testid={`filter-nsfw-${value}`} aria-pressed={filters.nsfw === value} onClick={() => changeFilters({ nsfw: value })}>
                  {t(`tokens.filter.nsfw.${value}`)}
                  {n !== undefined ? <span class="tab-count">{formatNumber(n)}</span> : null}
                </button>
              );
            })}
          </div>
        </div>
        <div class="filter-row">
          <div class="search-box">
            <label for="token-search" class="sr-only">
              {t('tokens.search.label')}
            </label>
            <input
              id="token-search"
              data-testid="token-search"
              type="search"
              autocomplete="off"
              spellcheck={false}
              placeholder={t('tokens.search.placeholder')}
              value={searchText}
              onInput={(e) => setSearchText((e.target as HTMLInputElement).value)}
            />
          </div>
          <label class="inline-field">
            <span>{t('tokens.col.pool')}</span>
            <select data-testid="filter-pool" value={filters.pool} onChange={(e) => changeFilters({ pool: (e.target as HTMLSelectElement).value })}>
              <option value="">{t('tokens.filter.pool.all')}</option>
              {knownPools.map((pool) => (
                <option key={pool} value={pool}>
                  {pool}
                </option>
              ))}
            </select>
          </label>
          {isFiltered(filters) ? (
            <button type="button" class="ghost" data-testid="filter-clear" onClick={clearFilters}>
              {t('tokens.filter.clear')}
            </button>
          ) : null}
        </div>
        {searchNote ? (
          <p class="muted search-note" role="status">
            {t(searchNote === 'hashed' ? 'tokens.search.hashed' : 'tokens.search.unavailable')}
          </p>
        ) : null}
      </div>

      <div class="card selection-bar" role="region" aria-label={t('tokens.selection.label')}>
        <div class="row">
          <strong data-testid="selected-count" data-count={count} aria-live="polite">
            {t('tokens.selection.count', { tokens: tokensCount(count) })}
          </strong>
          <button type="button" class="sm" data-testid="select-all-filtered" disabled={selecting || !list || list.total === 0} onClick={selectAllFiltered}>
            {selecting ? t('tokens.select.working') : t('tokens.select.filtered', { count: formatNumber(list?.total ?? 0) })}
          </button>
          <button type="button" class="sm" data-testid="select-page" disabled={!list || list.items.length === 0} onClick={() => togglePage(true)}>
            {t('tokens.select.page')}
          </button>
          <button type="button" class="sm" data-testid="select-none" disabled={count === 0} onClick={() => setSelected(new Set())}>
            {t('tokens.select.none')}
          </button>
        </div>
        <div class="row">
          <button type="button" class="sm" data-testid="batch-refresh" disabled={count === 0 || taskRunning} onClick={() => startTask('refresh', [...selected])}>
            {t('tokens.batch.refresh')}
          </button>
          <button type="button" class="sm" data-testid="batch-nsfw" disabled={count === 0 || taskRunning} onClick={() => startTask('nsfw', [...selected])}>
            {t('tokens.batch.nsfw')}
          </button>
          <button type="button" class="sm" data-testid="batch-export" disabled={count === 0} onClick={() => void exportTokens([...selected])}>
            {t('tokens.batch.export')}
          </button>
          <button
            type="button"
            class="sm danger"
            data-testid="batch-delete"
            disabled={count === 0}
            onClick={() => setPendingDelete({ ids: [...selected], label: tokensCount(count), single: null })}
          >
            {t('tokens.batch.delete')}
          </button>
        </div>
      </div>

      {tasks.task ? <TaskPanel task={tasks.task} onCancel={tasks.cancel} onRetry={tasks.retryFailed} onDismiss={tasks.dismiss} /> : null}

      {loadError ? (
        <div class="card load-error" role="alert" data-testid="tokens-error">
          <p class="error">{t('tokens.load.failed', { message: loadError })}</p>
          <button type="button" onClick={() => void load()}>
            {t('retry')}
          </button>
        </div>
      ) : null}

      {!list ? (
        loadError ? null : (
          <p class="muted" data-testid="tokens-loading" aria-busy="true">
            {t('loading')}
          </p>
        )
      ) : list.items.length === 0 ? (
        <div class="card empty" data-testid="tokens-empty">
          {list.stats.total === 0 ? (
            <>
              <p>{t('tokens.empty.none')}</p>
              <button type="button" class="primary" onClick={() => setImporting(true)}>
                {t('tokens.import.open')}
              </button>
            </>
          ) : (
            <>
              <p>{t('tokens.empty.filtered')}</p>
              <button type="button" onClick={clearFilters}>
                {t('tokens.filter.clear')}
              </button>
            </>
          )}
        </div>
      ) : (
        <>
          <TokenTable
            items={list.items}
            selected={selected}
            busy={loading}
            taskRunning={taskRunning}
            actions={{
              toggle,
              togglePage,
              copyMask,
              copyFull,
              refresh: (token) => void startTask('refresh', [token.id]),
              edit: setEditing,
              remove: (token) => setPendingDelete({ ids: [token.id], label: token.token_masked, single: token }),
            }}
          />
          <Pager page={filters.page} size={filters.size} total={list.total} onPage={(page) => changeFilters({ page })} onSize={(size) => changeFilters({ size })} />
        </>
      )}

      <EditDialog
        token={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void load();
        }}
      />
      <ImportDialog
        open={importing}
        defaultPool={filters.pool}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          void load();
        }}
      />
      <ConfirmDialog
        open={pendingDelete !== null}
        title={t('tokens.delete.title')}
        message={pendingDelete ? t('tokens.delete.message', { what: pendingDelete.label }) : ''}
        confirmLabel={t('delete')}
        onConfirm={confirmDelete}
        onClose={() => setPendingDelete(null)}
      />
    </section>
  );
}
