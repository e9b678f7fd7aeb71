import { t } from '../../i18n';

/** Previous / next with "page X of Y"; hidden when everything fits on one page. */
export function Pager(props: { page: number; pageSize: number; total: number; onPage: (page: number) => void; testId?: string }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) {
    return null;
  }
  return (
    <nav class="pager row" aria-label={t('cache.pager')} data-testid={props.testId}>
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {t('cache.prev')}
      </button>
      <span aria-live="polite">{t('cache.page', { page: props.page, pages })}</span>
      <button type="button" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        {t('cache.next')}
      </button>
    </nav>
  );
}
