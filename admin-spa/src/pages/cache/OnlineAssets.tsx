import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../../api';
import { formatNumber, formatTime, t } from '../../i18n';
import { type TaskState, useTask } from '../../tasks';
import type { TaskAssetCount, TaskView, TokenList, TokenView } from '../../types';
import { Modal } from '../../ui/Modal';
import { TaskPanel } from '../../ui/TaskPanel';
import { Pager } from './Pager';

const pageSizes = [20, 50, 100, 200] as const;
const kinds = ['assets_load', 'assets_clear'] as const;

function countsOf(assets: readonly TaskAssetCount[] | undefined): Record<string, number> {
  return Object.fromEntries((assets ?? []).map((item) => [item.id, item.count]));
}

/**
 * The online assets of each account on grok.com: the accounts (paged) with their asset count from the
 * latest "load" task and when they were last cleared; the selected accounts (or all) can be loaded or
 * cleared as a batch task that shows its progress, can be cancelled and retried for the failed ones.
 */
export function OnlineAssets() {
  const [tokens, setTokens] = useState<TokenList | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(pageSizes[0]);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmClear, setConfirmClear] = useState(false);
  const started = useRef<{ kind: string; ids: string[] | null } | null>(null);

  async function loadTokens(nextPage = page) {
    try {
      setTokens(await api<TokenList>('GET', `/v1/admin/tokens${query({ page: nextPage, page_size: pageSize, q })}`));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function loadCounts() {
    try {
      const answer = await api<{ items: TaskView[] }>('GET', '/v1/admin/tasks');
      const latest = answer.items.find((item) => item.kind === 'assets_load');
      if (!latest) {
        return;
      }
      const view = latest.assets ? latest : await api<TaskView>('GET', `/v1/admin/tasks/${encodeURIComponent(latest.id)}`);
      setCounts((current) => ({ ...current, ...countsOf(view.assets) }));
    } catch {
      // No tasks yet (or no task service): counts stay "not loaded".
    }
  }

  function ended(task: TaskState) {
    if (task.kind === 'assets_load') {
      setCounts((current) => ({ ...current, ...countsOf(task.assets) }));
    } else if (task.kind === 'assets_clear') {
      // Accounts cleared without an error now hold no assets.
      const failed = new Set(task.errors.map((item) => item.id));
      const ids = started.current?.kind === 'assets_clear' ? started.current.ids : null;
      setCounts((current) => {
        const next = { ...current };
        for (const id of ids ?? Object.keys(next)) {
          if (!failed.has(id)) {
            next[id] = 0;
          }
        }
        return next;
      });
    }
    void loadTokens();
  }

  const { task, error: taskError, start, cancel, retryFailed, dismiss } = useTask(kinds, ended);

  useEffect(() => {
    void loadCounts();
  }, []);

  useEffect(() => {
    void loadTokens(page);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page, pageSize, q]);

  // The search applies a moment after typing stops, from the first page.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search.trim() !== q) {
        setQ(search.trim());
        setPage(1);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [search, q]);

  // Counts arriving from a running load task show at once.
  const live = task?.kind === 'assets_load' ? countsOf(task.assets) : {};
  const running = task?.status === 'running';
  const items = tokens?.items ?? [];
  const ids = selected.size > 0 ? [...selected] : null;

  function toggle(token: TokenView, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) {
        next.add(token.id);
      } else {
        next.delete(token.id);
      }
      return next;
    });
  }

  function run(kind: (typeof kinds)[number]) {
    started.current = { kind, ids };
    void start(kind, ids);
  }

  return (
    <section class="cache-assets" aria-labelledby="assets-title">
      <div class="cache-head">
        <h2 id="assets-title">{t('assets.title')}</h2>
        {tokens ? <span class="muted">{t('assets.total', { count: formatNumber(tokens.total) })}</span> : null}
      </div>
      <p class="muted">{t('assets.intro')}</p>
      <div class="row cache-toolbar">
        <label class="sr-only" for="assets-search">
          {t('assets.search')}
        </label>
        <input
          id="assets-search"
          data-testid="assets-search"
          type="search"
          placeholder={t('assets.search.placeholder')}
          value={search}
          onInput={(event) => setSearch((event.currentTarget as HTMLInputElement).value)}
        />
        <label class="sr-only" for="assets-page-size">
          {t('assets.page_size')}
        </label>
        <select
          id="assets-page-size"
          data-testid="assets-page-size"
          value={String(pageSize)}
          onChange={(event) => {
            setPageSize(Number((event.currentTarget as HTMLSelectElement).value));
            setPage(1);
          }}
        >
          {pageSizes.map((size) => (
            <option key={size} value={String(size)}>
              {t('assets.page_size.option', { count: size })}
            </option>
          ))}
        </select>
      </div>
      <div class="row cache-toolbar">
        <button type="button" data-testid="assets-select-page" disabled={items.length === 0} onClick={() => setSelected(new Set([...selected, ...items.map((item) => item.id)]))}>
          {t('assets.select.page')}
        </button>
        <button type="button" data-testid="assets-select-none" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
          {t('assets.select.none')}
        </button>
        <span class="muted" aria-live="polite">
          {t('assets.selected', { count: selected.size })}
        </span>
        <span class="spacer" />
        <button type="button" class="primary" data-testid="assets-load" disabled={running || !tokens || tokens.total === 0} onClick={() => run('assets_load')}>
          {selected.size > 0 ? t('assets.load') : t('assets.load.all')}
        </button>
        <button type="button" class="danger" data-testid="assets-clear" disabled={running || !tokens || tokens.total === 0} onClick={() => setConfirmClear(true)}>
          {selected.size > 0 ? t('assets.clear') : t('assets.clear.all')}
        </button>
      </div>
      {taskError ? (
        <p class="error" role="alert">
          {t('assets.tasks.unavailable', { message: taskError })}
        </p>
      ) : null}
      {task ? <TaskPanel task={task} onCancel={() => void cancel()} onRetry={() => void retryFailed()} onDismiss={dismiss} /> : null}
      {error ? (
        <p class="error" role="alert">
          {t('cache.load.failed', { message: error })}
        </p>
      ) : null}
      {tokens && items.length === 0 ? (
        <p class="muted" data-testid="assets-empty">
          {q ? t('assets.none_match', { text: q }) : t('assets.empty')}
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="assets-table" class="stack">
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr-only">{t('assets.col.select')}</span>
                </th>
                <th scope="col">{t('assets.col.token')}</th>
                <th scope="col">{t('assets.col.pool')}</th>
                <th scope="col">{t('assets.col.status')}</th>
                <th scope="col" class="num">
                  {t('assets.col.count')}
                </th>
                <th scope="col">{t('assets.col.cleared')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => {
                const count = live[token.id] ?? counts[token.id];
                return (
                  <tr key={token.id} data-testid="asset-row" data-id={token.id}>
                    <td class="stack-check">
                      <input
                        type="checkbox"
                        aria-label={t('assets.select.row', { token: token.token_masked })}
                        checked={selected.has(token.id)}
                        onChange={(event) => toggle(token, (event.currentTarget as HTMLInputElement).checked)}
                      />
                    </td>
                    <td class="stack-full">
                      <code>{token.token_masked}</code>
                    </td>
                    <td data-label={t('assets.col.pool')}>{token.pool}</td>
                    <td data-label={t('assets.col.status')}>
                      <span class={`badge badge-${token.status}`}>{t(`assets.status.${token.status}`)}</span>
                    </td>
                    <td class="num" data-testid="asset-count" data-label={t('assets.col.count')}>
                      {count === undefined ? <span class="muted">{t('assets.count.unknown')}</span> : formatNumber(count)}
                    </td>
                    <td data-label={t('assets.col.cleared')}>{formatTime(token.last_asset_clear_at ?? null)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {tokens ? <Pager page={page} pageSize={pageSize} total={tokens.total} onPage={setPage} testId="assets-pager" /> : null}

      <Modal
        title={t('assets.clear.title')}
        open={confirmClear}
        onClose={() => setConfirmClear(false)}
        testId="assets-confirm"
        footer={
          <div class="row">
            <button type="button" class="ghost" onClick={() => setConfirmClear(false)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              class="danger"
              data-testid="assets-confirm-ok"
              onClick={() => {
                setConfirmClear(false);
                run('assets_clear');
              }}
            >
              {selected.size > 0 ? t('assets.clear') : t('assets.clear.all')}
            </button>
          </div>
        }
      >
        <p>
          {selected.size > 0
            ? t('assets.clear.explain.some', { count: formatNumber(selected.size) })
            : t('assets.clear.explain.all', { count: formatNumber(tokens?.total ?? 0) })}
        </p>
      </Modal>
    </section>
  );
}
