import { formatNumber, t } from '../../i18n';
import { pageSizes } from './filters';

/** The page numbers to show: the first, the last and two either side of the current, with gaps. */
export function pageNumbers(page: number, last: number): (number | 'gap')[] {
  const shown = new Set([1, last, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= last));
  const sorted = [...shown].sort((a, b) => a - b);
  const result: (number | 'gap')[] = [];
  sorted.forEach((n, index) => {
    if (index > 0 && n - sorted[index - 1] > 1) {
      result.push('gap');
    }
    result.push(n);
  });
  return result;
}

/** Paging of the list: total, page numbers, previous/next and the page size. */
export function Pager(props: { page: number; size: number; total: number; onPage: (page: number) => void; onSize: (size: number) => void }) {
  const last = Math.max(1, Math.ceil(props.total / props.size));
  const from = props.total === 0 ? 0 : (props.page - 1) * props.size + 1;
  const to = Math.min(props.total, props.page * props.size);
  return (
    <nav class="pager" aria-label={t('tokens.pager.label')}>
      <span class="muted" data-testid="tokens-total">
        {t('tokens.pager.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(props.total) })}
      </span>
      <div class="pager-pages">
        <button type="button" class="sm" disabled={props.page <= 1} aria-label={t('tokens.pager.prev')} onClick={() => props.onPage(props.page - 1)}>
          ‹
        </button>
        {pageNumbers(props.page, last).map((n, index) =>
          n === 'gap' ? (
            <span key={`gap-${index}`} class="muted" aria-hidden="true">
              …
            </span>
          ) : (
            <button
              key={n}
              type="button"
              class="sm"
              data-testid={`page-${n}`}
              aria-label={t('tokens.pager.page', { page: n })}
              aria-current={n === props.page ? 'page' : undefined}
              onClick={() => props.onPage(n)}
            >
              {n}
            </button>
          ),
        )}
        <button type="button" class="sm" disabled={props.page >= last} aria-label={t('tokens.pager.next')} onClick={() => props.onPage(props.page + 1)}>
          ›
        </button>
      </div>
      <label class="pager-size">
        <span>{t('tokens.pager.size')}</span>
        <select data-testid="page-size" value={props.size} onChange={(e) => props.onSize(Number((e.target as HTMLSelectElement).value))}>
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
