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

async function send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch {
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
  const response = await send(method, path, body);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Calls the admin API and reads a text answer (the token export). */
export async function apiText(method: string, path: string, body?: unknown): Promise<string> {
  const response = await send(method, path, body, 'text/plain');
  return response.text();
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
