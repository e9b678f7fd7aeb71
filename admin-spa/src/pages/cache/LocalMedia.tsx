import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api';
import { formatBytes, formatNumber, formatTime, t } from '../../i18n';
import type { CacheClearResult, CacheFile, CacheFileList, CacheStats, MediaType } from '../../types';
import { Modal } from '../../ui/Modal';
import { StatCard } from '../../ui/StatCard';
import { toast } from '../../ui/toast';
import { Pager } from './Pager';

const pageSize = 24;

type Confirm = { kind: 'delete'; file: CacheFile } | { kind: 'clear'; type: MediaType } | { kind: 'selected'; type: MediaType; names: string[] } | null;

/**
 * The local media cache: counts and sizes per type, the files of one type newest first with a
 * thumbnail (images) or a preview that loads only when played (videos), deleting one file or clearing
 * a type, each after a confirmation.
 */
export function LocalMedia() {
  const [stats, setStats] = useState<CacheStats | null>(null);
  const [type, setType] = useState<MediaType>('image');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<CacheFileList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  // The files of the shown type ticked for "Delete selected", kept across its pages.
  const [selected, setSelected] = useState<Set<string>>(new Set());

  async function loadStats() {
    try {
      setStats(await api<CacheStats>('GET', '/v1/admin/cache'));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function loadList(nextType = type, nextPage = page) {
    try {
      const answer = await api<CacheFileList>('GET', `/v1/admin/cache/files${query({ type: nextType, page: nextPage, page_size: pageSize })}`);
      // A page past the end (after deletions) moves back to the last page that has files.
      const last = Math.max(1, Math.ceil(answer.total / pageSize));
      if (nextPage > last) {
        setPage(last);
        return loadList(nextType, last);
      }
      setList(answer);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function refresh() {
    await Promise.all([loadStats(), loadList()]);
  }

  useEffect(() => {
    void loadStats();
  }, []);

  useEffect(() => {
    setList(null);
    void loadList(type, page);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [type, page]);

  function choose(next: MediaType) {
    if (next !== type) {
      setType(next);
      setPage(1);
      setSelected(new Set());
    }
  }

  function toggle(name: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) {
        next.add(name);
      } else {
        next.delete(name);
      }
      return next;
    });
  }

  async function confirmed() {
    const action = confirm;
    if (!action) {
      return;
    }
    setBusy(true);
    try {
      if (action.kind === 'delete') {
        try {
          await api('DELETE', `/v1/admin/cache/files/${encodeURIComponent(action.file.type)}/${encodeURIComponent(action.file.name)}`);
          toast(t('cache.file.deleted', { name: action.file.name, size: formatBytes(action.file.bytes) }));
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) {
            toast(t('cache.file.gone', { name: action.file.name }), 'error');
          } else {
            throw e;
          }
        }
      } else {
        const body = action.kind === 'selected' ? { type: action.type, names: action.names } : { type: action.type };
        const result = await api<CacheClearResult>('POST', '/v1/admin/cache/clear', body);
        toast(t('cache.clear.done', { count: formatNumber(result.deleted), size: formatBytes(result.freed_bytes) }));
        if (action.kind === 'selected') {
          setSelected(new Set());
        }
      }
    } catch (e) {
      toast(t('cache.failed', { message: (e as Error).message }), 'error');
    } finally {
      setBusy(false);
      setConfirm(null);
      await refresh();
    }
  }

  const limitBytes = stats ? stats.limit_mb * 1024 * 1024 : 0;
  const usedBytes = stats ? stats.image.bytes + stats.video.bytes : 0;
  const typeStats = stats ? stats[type] : null;

  return (
    <section class="cache-local" aria-labelledby="cache-local-title">
      <div class="cache-head">
        <h2 id="cache-local-title">{t('cache.local')}</h2>
        <button type="button" class="ghost" onClick={() => void refresh()}>
          {t('cache.refresh')}
        </button>
      </div>
      <p class="muted">{t('cache.local.intro')}</p>
      {stats ? (
        <div class="grid">
          <StatCard name="cache-image-count" label={t('cache.stat.images')} value={stats.image.count} hint={formatBytes(stats.image.bytes)} />
          <StatCard name="cache-video-count" label={t('cache.stat.videos')} value={stats.video.count} hint={formatBytes(stats.video.bytes)} />
          <StatCard
            name="cache-bytes"
            label={t('cache.stat.total')}
            value={formatBytes(usedBytes)}
            hint={t('cache.stat.limit', { limit: formatBytes(limitBytes) })}
            tone={limitBytes > 0 && usedBytes > limitBytes * 0.8 ? 'warn' : undefined}
          />
        </div>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {t('cache.load.failed', { message: error })}
        </p>
      ) : null}

      <div class="cache-toolbar">
        <div class="tabs" role="tablist" aria-label={t('cache.types')}>
          {(['image', 'video'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              role="tab"
              id={`cache-tab-${kind}`}
              aria-selected={type === kind}
              aria-controls="cache-files"
              onClick={() => choose(kind)}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                  const next = kind === 'image' ? 'video' : 'image';
                  choose(next);
                  document.getElementById(`cache-tab-${next}`)?.focus();
                }
              }}
              tabIndex={type === kind ? 0 : -1}
            >
              {t(`cache.type.${kind}`)}
              {stats ? ` (${formatNumber(stats[kind].count)})` : ''}
            </button>
          ))}
        </div>
        <span class="spacer" />
        <button
          type="button"
          class="danger"
          data-testid="cache-delete-selected"
          disabled={selected.size === 0 || busy}
          onClick={() => setConfirm({ kind: 'selected', type, names: [...selected] })}
        >
          {t('cache.delete.selected', { count: formatNumber(selected.size) })}
        </button>
        <button
          type="button"
          class="danger"
          data-testid={`cache-clear-${type}`}
          disabled={!typeStats || typeStats.count === 0 || busy}
          onClick={() => setConfirm({ kind: 'clear', type })}
        >
          {t(`cache.clear.${type}`)}
        </button>
      </div>

      <div id="cache-files" role="tabpanel" aria-labelledby={`cache-tab-${type}`}>
        {list === null ? (
          <p class="muted">{t('cache.loading')}</p>
        ) : list.items.length === 0 ? (
          <p class="muted cache-empty">{t(`cache.empty.${type}`)}</p>
        ) : (
          <ul class="cache-files">
            {list.items.map((file) => (
              <li key={`${file.type}/${file.name}`} class="card cache-file" data-testid="cache-file" data-name={file.name}>
                <div class="cache-thumb">
                  {file.type === 'image' ? (
                    <a href={`/v1/files/image/${encodeURIComponent(file.name)}`} target="_blank" rel="noopener" aria-label={t('cache.file.open', { name: file.name })}>
                      <img loading="lazy" src={`/v1/files/image/${encodeURIComponent(file.name)}`} alt={file.name} />
                    </a>
                  ) : (
                    <video preload="none" controls src={`/v1/files/video/${encodeURIComponent(file.name)}`} aria-label={file.name} />
                  )}
                </div>
                <div class="cache-info">
                  <label class="cache-pick">
                    <input
                      type="checkbox"
                      data-testid="cache-select"
                      checked={selected.has(file.name)}
                      onChange={(event) => toggle(file.name, (event.currentTarget as HTMLInputElement).checked)}
                    />
                    <span class="sr-only">{t('cache.file.select', { name: file.name })}</span>
                  </label>
                  <code class="cache-name" title={file.name}>
                    {file.name}
                  </code>
                  <span class="muted">
                    {formatBytes(file.bytes)} · <time dateTime={file.modified_at}>{formatTime(Date.parse(file.modified_at))}</time>
                  </span>
                </div>
                <button
                  type="button"
                  class="danger small"
                  data-testid="cache-delete"
                  aria-label={t('cache.file.delete.label', { name: file.name })}
                  disabled={busy}
                  onClick={() => setConfirm({ kind: 'delete', file })}
                >
                  {t('cache.file.delete')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {list ? <Pager page={page} pageSize={pageSize} total={list.total} onPage={setPage} testId="cache-pager" /> : null}
      </div>

      <Modal
        title={
          confirm?.kind === 'clear'
            ? t(`cache.clear.title.${confirm.type}`)
            : confirm?.kind === 'selected'
              ? t('cache.delete.selected.title', { count: formatNumber(confirm.names.length) })
              : t('cache.delete.title')
        }
        open={confirm !== null}
        onClose={() => (busy ? undefined : setConfirm(null))}
        testId="cache-confirm"
        footer={
          <div class="row">
            <button type="button" class="ghost" onClick={() => setConfirm(null)} disabled={busy}>
              {t('cancel')}
            </button>
            <button type="button" class="danger" data-testid="cache-confirm-ok" onClick={() => void confirmed()} disabled={busy}>
              {confirm?.kind === 'clear' ? t(`cache.clear.${confirm.type}`) : t('delete')}
            </button>
          </div>
        }
      >
        <p>
          {confirm?.kind === 'delete'
            ? t('cache.delete.explain', { name: confirm.file.name, size: formatBytes(confirm.file.bytes) })
            : confirm?.kind === 'clear' && stats
              ? t('cache.clear.explain', { count: formatNumber(stats[confirm.type].count), size: formatBytes(stats[confirm.type].bytes) })
              : confirm?.kind === 'selected'
                ? t('cache.delete.selected.explain', { count: formatNumber(confirm.names.length) })
                : null}
        </p>
      </Modal>
    </section>
  );
}
