import { t } from './i18n';

/**
 * The admin API client. Requests are same-origin and carry the HttpOnly session cookie; the app
 * never sees or stores the admin key after login. Errors are RFC 9457 problem details.
 */

/** A failed admin API call, with what the problem details said. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** Validation errors by field (for the config: "section.key"). */
  readonly errors: Record<string, string[]>;

  constructor(status: number, title: string, detail: string, errors: Record<string, string[]>) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

const unauthorizedListeners = new Set<() => void>();

/** Called when any call answers 401 (the session ended); the app shows the login page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

/**
 * How long one call may take, answer read included: a service that stalls is reported instead of
 * leaving a page "Loading…" for ever. Longer than any admin call takes (an export of 100,000 tokens
 * takes seconds).
 */
export const REQUEST_TIMEOUT_MS = 60_000;

/** Sends a call and reads its answer with `read`, within {@link REQUEST_TIMEOUT_MS}. */
async function call<T>(method: string, path: string, body: unknown, accept: string, read: (response: Response) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await read(await send(method, path, body, accept, abort.signal));
  } catch (e) {
    if (abort.signal.aborted) {
      throw new ApiError(0, t('error.timeout'), t('error.timeout'), {});
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function send(method: string, path: string, body: unknown, accept: string, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store', signal });
  } catch (e) {
    if (signal.aborted) {
      throw e;
    }
    throw new ApiError(0, t('error.network'), t('error.network'), {});
  }

  if (!response.ok) {
    let title = response.statusText;
    let detail = '';
    let errors: Record<string, string[]> = {};
    try {
      const problem = await response.json();
      title = typeof problem.title === 'string' ? problem.title : title;
      detail = typeof problem.detail === 'string' ? problem.detail : '';
      if (problem.errors && typeof problem.errors === 'object') {
        errors = problem.errors as Record<string, string[]>;
      }
    } catch {
      // Not problem details: keep the status text.
    }
    if (response.status === 401 && path !== '/v1/admin/login') {
      unauthorizedListeners.forEach((listener) => listener());
    }
    throw new ApiError(response.status, title, detail, errors);
  }
  return response;
}

/** Calls the admin API and reads the JSON answer (undefined for 202/204 without a body). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return call(method, path, body, 'application/json', async (response) => {
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  });
}

/** Calls the admin API and reads a text answer (the token export). */
export async function apiText(method: string, path: string, body?: unknown): Promise<string> {
  return call(method, path, body, 'text/plain', (response) => response.text());
}

/** Builds a query string from the values that are set. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
