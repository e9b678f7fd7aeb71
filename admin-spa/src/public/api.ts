import { t } from '../i18n';

/** An answer of the public API that was not a success: its status, its `error.code` and message. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After`, when the answer had one. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const unauthorizedListeners = new Set<() => void>();

/** Called when any call is answered 401 (the session ended): the app shows the login page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Calls the public API (`/v1/public…`) on the service's own origin, with the session cookie, and
 * returns the JSON answer (undefined for 204). A failure is a {@link PublicError} carrying the
 * `{"error":{"message","code"}}` of the answer; a call not answered within 60 s fails too.
 */
export async function call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, options: { quiet401?: boolean; keepalive?: boolean } = {}): Promise<T> {
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), 60_000);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
      keepalive: options.keepalive,
    });
  } catch {
    throw new PublicError(0, 'network', abort.signal.aborted ? t('pub.error.timeout') : t('pub.error.network'));
  } finally {
    window.clearTimeout(timer);
  }
  if (response.ok) {
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  let code = '';
  let message = `HTTP ${response.status}`;
  try {
    const answer = (await response.json()) as { error?: { message?: string; code?: string } | string; message?: string; code?: string };
    if (answer.error && typeof answer.error === 'object') {
      code = answer.error.code ?? '';
      message = answer.error.message || message;
    } else {
      code = answer.code ?? '';
      message = (typeof answer.error === 'string' ? answer.error : answer.message) || message;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  const retry = Number(response.headers.get('Retry-After'));
  if (response.status === 401 && !options.quiet401) {
    unauthorizedListeners.forEach((listener) => listener());
  }
  throw new PublicError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null);
}

/** Whether the browser may use the public API now (an open playground, a session cookie). */
export async function verify(): Promise<boolean> {
  try {
    await call('GET', '/v1/public/verify', undefined, { quiet401: true });
    return true;
  } catch (e) {
    if (e instanceof PublicError && e.status === 401) {
      return false;
    }
    throw e;
  }
}

/** A path of the service's own origin for a media URL it gave, so a link built with another `app_url` still plays here. */
export function sameOriginMedia(url: string): string {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.pathname.startsWith('/v1/files/') ? parsed.pathname + parsed.search : parsed.href;
  } catch {
    return url;
  }
}
