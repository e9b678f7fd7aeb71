import type { TokenStatus } from '../../types';

/** The NSFW tag filter: every token, only those with the tag, or only those without it. */
export type NsfwFilter = 'all' | 'yes' | 'no';

/** The filters and paging of the token list, as the page URL carries them (never a token or key). */
export interface TokenFilters {
  status: TokenStatus | 'all';
  nsfw: NsfwFilter;
  pool: string;
  q: string;
  page: number;
  size: number;
}

/** The page sizes offered. */
export const pageSizes = [20, 50, 100, 200] as const;

/** The status tabs, in order. */
export const statusTabs: readonly (TokenStatus | 'all')[] = ['all', 'active', 'cooling', 'expired', 'disabled'];

/** The pools a token can be added to or moved to. */
export const knownPools = ['ssoBasic', 'ssoSuper'] as const;

const defaults: TokenFilters = { status: 'all', nsfw: 'all', pool: '', q: '', page: 1, size: 50 };

function positive(raw: string | null, fallback: number): number {
  const value = raw === null ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** Reads the filters from the location's query; anything unknown falls back to its default. */
export function readFilters(search: string = window.location.search): TokenFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  const nsfw = params.get('nsfw');
  const size = positive(params.get('size'), defaults.size);
  const q = params.get('q') ?? '';
  return {
    status: (statusTabs as readonly string[]).includes(status ?? '') ? (status as TokenFilters['status']) : 'all',
    nsfw: nsfw === 'yes' || nsfw === 'no' ? nsfw : 'all',
    pool: params.get('pool') ?? '',
    q: looksLikeToken(q) ? '' : q,
    page: positive(params.get('page'), 1),
    size: (pageSizes as readonly number[]).includes(size) ? size : defaults.size,
  };
}

/** Writes the filters into the location's query (replacing the history entry), defaults left out. */
export function writeFilters(filters: TokenFilters): void {
  const params = new URLSearchParams();
  if (filters.status !== 'all') params.set('status', filters.status);
  if (filters.nsfw !== 'all') params.set('nsfw', filters.nsfw);
  if (filters.pool) params.set('pool', filters.pool);
  if (filters.q && !looksLikeToken(filters.q)) params.set('q', filters.q);
  if (filters.page !== 1) params.set('page', String(filters.page));
  if (filters.size !== defaults.size) params.set('size', String(filters.size));
  const text = params.toString();
  const url = window.location.pathname + (text ? `?${text}` : '');
  if (url !== window.location.pathname + window.location.search) {
    history.replaceState(history.state, '', url);
  }
}

/** The query of GET /v1/admin/tokens for these filters (without paging). */
export function listParams(filters: TokenFilters): Record<string, string | undefined> {
  return {
    status: filters.status === 'all' ? undefined : filters.status,
    tag: filters.nsfw === 'yes' ? 'nsfw' : filters.nsfw === 'no' ? '!nsfw' : undefined,
    pool: filters.pool || undefined,
    q: filters.q.trim() || undefined,
  };
}

/** Whether the filters other than paging differ. */
export function sameFilter(a: TokenFilters, b: TokenFilters): boolean {
  return a.status === b.status && a.nsfw === b.nsfw && a.pool === b.pool && a.q.trim() === b.q.trim();
}

/** Whether any filter narrows the list. */
export function isFiltered(filters: TokenFilters): boolean {
  return filters.status !== 'all' || filters.nsfw !== 'all' || filters.pool !== '' || filters.q.trim() !== '';
}

/**
 * Whether a search text is probably a whole token pasted in (long, no spaces). Such a text never
 * goes into a URL: the page searches by the token's id instead (see {@link tokenId}).
 */
export function looksLikeToken(text: string): boolean {
  const bare = bareToken(text);
  return bare.length >= 40 && /^[\x21-\x7e]+$/.test(bare);
}

/** A pasted token without a leading `sso=`. */
export function bareToken(text: string): string {
  const trimmed = text.trim();
  return /^sso=/i.test(trimmed) ? trimmed.slice(4).trim() : trimmed;
}

/**
 * The public id of a token as the service computes it: the first 8 bytes of its SHA-256, in
 * lower-case hex. Null where the browser offers no Web Crypto (plain HTTP on a non-local address).
 */
export async function tokenId(token: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) {
    return null;
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Pasted text read as tokens: the tokens to add, and what could not be one, with its line in the text. */
export interface ParsedTokens {
  tokens: string[];
  invalid: { line: number; text: string }[];
}

/** What the service accepts as an SSO cookie value: visible ASCII, no `;` or `,`. */
const validToken = /^[\x21-\x2b\x2d-\x3a\x3c-\x7e]+$/;

/**
 * Splits pasted text into tokens: one per line, commas (also full-width `，` and `、`) and
 * whitespace tolerated, a leading `sso=` removed, repeats dropped. A pasted cookie header
 * (`sso=…; sso-rw=…`) gives its `sso` value. A piece that cannot be a token (other characters, a
 * `;` outside a cookie header) is not sent: it is listed with its line, so the rest can be added.
 */
export function parseTokens(text: string): ParsedTokens {
  const seen = new Set<string>();
  const invalid: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const cookie = /(?:^|;)\s*sso=([^;\s]+)/i.exec(line);
    const parts = line.includes(';') && cookie ? [cookie[1]] : line.split(/[\s,，、\u3000]+/);
    for (const part of parts) {
      const bare = bareToken(part);
      if (!bare || /^sso-rw=/i.test(bare)) {
        continue;
      }
      if (validToken.test(bare)) {
        seen.add(bare);
      } else {
        invalid.push({ line: index + 1, text: bare });
      }
    }
  });
  return { tokens: [...seen], invalid };
}
