import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, formatTime, t } from '../../i18n';
import type { TokenView } from '../../types';
import { formatAgo } from './format';

/** What a row's buttons do. */
export interface RowActions {
  toggle: (id: string) => void;
  togglePage: (select: boolean) => void;
  copyMask: (token: TokenView) => void;
  copyFull: (token: TokenView) => void;
  refresh: (token: TokenView) => void;
  edit: (token: TokenView) => void;
  remove: (token: TokenView) => void;
}

/** The tokens of one page: masked token with copy, pool, status, counters, last use and failure, note, actions. */
export function TokenTable(props: { items: TokenView[]; selected: ReadonlySet<string>; busy: boolean; taskRunning: boolean; actions: RowActions }) {
  const { items, selected, actions } = props;
  const onPage = items.filter((item) => selected.has(item.id)).length;
  const all = items.length > 0 && onPage === items.length;
  const header = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (header.current) {
      header.current.indeterminate = onPage > 0 && !all;
    }
  }, [onPage, all]);

  return (
    <div class="table-wrap tokens-wrap" aria-busy={props.busy}>
      <table data-testid="tokens-table" class={props.busy ? 'tokens-table stack is-busy' : 'tokens-table stack'}>
        <caption class="sr-only">{t('tokens.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" class="check">
              <input ref={header} type="checkbox" checked={all} aria-label={t('tokens.select.pageBox')} onChange={(e) => actions.togglePage((e.target as HTMLInputElement).checked)} />
            </th>
            <th scope="col">{t('tokens.col.token')}</th>
            <th scope="col">{t('tokens.col.pool')}</th>
            <th scope="col">{t('tokens.col.status')}</th>
            <th scope="col" class="num">
              {t('tokens.col.quota')}
            </th>
            <th scope="col" class="num">
              {t('tokens.col.calls')}
            </th>
            <th scope="col">{t('tokens.col.lastUsed')}</th>
            <th scope="col">{t('tokens.col.lastFail')}</th>
            <th scope="col">{t('tokens.col.note')}</th>
            <th scope="col" class="actions">
              {t('tokens.col.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <Row key={item.id} item={item} checked={selected.has(item.id)} taskRunning={props.taskRunning} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row(props: { item: TokenView; checked: boolean; taskRunning: boolean; actions: RowActions }) {
  const { item, actions } = props;
  const mask = item.token_masked;
  const nsfw = item.tags.some((tag) => tag.toLowerCase() === 'nsfw');
  const otherTags = item.tags.filter((tag) => tag.toLowerCase() !== 'nsfw');
  const failTitle = item.last_fail_at ? `${formatTime(item.last_fail_at)} — ${item.last_fail_reason ?? ''}` : undefined;
  return (
    <tr data-testid="token-row" data-id={item.id} data-status={item.status} class={props.checked ? 'is-selected' : undefined}>
      <td class="check stack-check">
        <input type="checkbox" checked={props.checked} aria-label={t('tokens.select.row', { mask })} onChange={() => actions.toggle(item.id)} />
      </td>
      <td class="stack-full">
        <div class="token-cell">
          <code class="mask" title={`id ${item.id}`}>
            {mask}
          </code>
          <button type="button" class="sm ghost" data-testid="copy-mask" aria-label={t('tokens.copy.mask.label', { mask })} title={t('tokens.copy.mask.label', { mask })} onClick={() => actions.copyMask(item)}>
            {t('tokens.copy.mask')}
          </button>
          <button type="button" class="sm ghost" data-testid="copy-full" aria-label={t('tokens.copy.full.label', { mask })} title={t('tokens.copy.full.label', { mask })} onClick={() => actions.copyFull(item)}>
            {t('tokens.copy.full')}
          </button>
        </div>
      </td>
      <td data-label={t('tokens.col.pool')}>{item.pool}</td>
      <td data-label={t('tokens.col.status')}>
        <div class="badges">
          <span class={`badge badge-${item.status}`} data-testid="token-status">
            {t(`tokens.status.${item.status}`)}
          </span>
          {nsfw ? (
            <span class="badge badge-nsfw" data-testid="token-nsfw">
              NSFW
            </span>
          ) : null}
          {otherTags.map((tag) => (
            <span key={tag} class="badge badge-tag">
              {tag}
            </span>
          ))}
        </div>
      </td>
      <td class="num" data-label={t('tokens.col.quota')}>
        {formatNumber(item.quota)}
      </td>
      <td class="num" data-label={t('tokens.col.calls')}>
        {formatNumber(item.use_count)}
        {item.fail_count > 0 ? (
          <span class="fail-count" title={t('tokens.fails.title', { count: item.fail_count })}>
            {' '}
            {t('tokens.fails', { count: formatNumber(item.fail_count) })}
          </span>
        ) : null}
      </td>
      <td data-label={t('tokens.col.lastUsed')} title={item.last_used_at ? formatTime(item.last_used_at) : undefined}>{formatAgo(item.last_used_at)}</td>
      <td class="clip" data-label={t('tokens.col.lastFail')} title={failTitle}>
        {item.last_fail_reason ? (
          <>
            <span class="fail-reason">{item.last_fail_reason}</span> <span class="muted">{formatAgo(item.last_fail_at)}</span>
          </>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td class="clip note stack-full" data-label={t('tokens.col.note')} title={item.note || undefined}>
        {item.note || <span class="muted">—</span>}
      </td>
      <td class="actions stack-full">
        <div class="row-actions">
          <button type="button" class="sm" data-testid="row-refresh" disabled={props.taskRunning} aria-label={t('tokens.row.refresh.label', { mask })} onClick={() => actions.refresh(item)}>
            {t('tokens.row.refresh')}
          </button>
          <button type="button" class="sm" data-testid="row-edit" aria-label={t('tokens.row.edit.label', { mask })} onClick={() => actions.edit(item)}>
            {t('tokens.row.edit')}
          </button>
          <button type="button" class="sm danger" data-testid="row-delete" aria-label={t('tokens.row.delete.label', { mask })} onClick={() => actions.remove(item)}>
            {t('delete')}
          </button>
        </div>
      </td>
    </tr>
  );
}
