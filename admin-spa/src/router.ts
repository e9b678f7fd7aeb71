import { changes } from './ui/changes';

/** Where the service serves the app; every route of the app lives below it. */
export const BASE = '/admin';

/** The app's routes, as paths below {@link BASE}. */
export type Route = '/' | '/login' | '/tokens' | '/config' | '/cache';

const routes: readonly Route[] = ['/', '/login', '/tokens', '/config', '/cache'];
const routeChanges = changes();

/** The route of the current location; an unknown path shows the dashboard. */
export function currentRoute(): Route {
  let path = window.location.pathname;
  if (path.startsWith(BASE)) {
    path = path.slice(BASE.length);
  }
  path = path.replace(/\/+$/, '') || '/';
  return (routes as readonly string[]).includes(path) ? (path as Route) : '/';
}

/** Moves to a route without reloading the page; `search` is an optional query ("?status=expired"). */
export function navigate(route: Route, replace = false, search = ''): void {
  const url = hrefOf(route, search);
  if (url !== window.location.pathname + window.location.search) {
    if (replace) {
      history.replaceState(null, '', url);
    } else {
      history.pushState(null, '', url);
    }
  }
  routeChanges.notify();
}

window.addEventListener('popstate', () => routeChanges.notify());

/** The current route; the component renders again when it changes. */
export function useRoute(): Route {
  return routeChanges.use(currentRoute);
}

/** The href of a route (with an optional query), for links that still work when opened in a new tab. */
export function hrefOf(route: Route, search = ''): string {
  return BASE + (route === '/' ? '/' : route) + search;
}
