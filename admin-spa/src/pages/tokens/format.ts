import { ApiError } from '../../api';
import { currentLang, formatNumber, t } from '../../i18n';

/** What a failed call said, for a toast or an alert: the problem's detail, then its field errors. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) {
      return t('error.network');
    }
    const fields = Object.entries(error.errors).map(([field, reasons]) => `${field}: ${reasons.join(' ')}`);
    const head = error.detail || error.title || `HTTP ${error.status}`;
    return fields.length > 0 ? `${error.title || head} — ${fields.join('; ')}` : head;
  }
  return t('error.generic', { message: (error as Error)?.message ?? String(error) });
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** A time as "5 minutes ago" in the current language; '—' when absent. */
export function formatAgo(ms: number | null | undefined, now: number = Date.now()): string {
  if (ms === null || ms === undefined) {
    return '—';
  }
  const format = new Intl.RelativeTimeFormat(currentLang() === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const delta = ms - now;
  for (const [unit, size] of units) {
    if (Math.abs(delta) >= size) {
      return format.format(Math.round(delta / size), unit);
    }
  }
  return t('tokens.time.now');
}

/** A list of changes joined the way the language joins them. */
export function joinList(parts: string[]): string {
  return parts.join(currentLang() === 'zh' ? '，' : ', ');
}

/** A count with its noun, e.g. "3 tokens". */
export function tokensCount(count: number): string {
  return t(count === 1 ? 'tokens.count.one' : 'tokens.count.many', { count: formatNumber(count) });
}
