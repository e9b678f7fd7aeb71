import { changes } from './ui/changes';

/** Where the service serves the app; every route of the app lives below it. */
export const BASE = '/admin';

/** The app's routes, as paths below {@link BASE}. */
export type Route = '/' | '/login' | '/tokens' | '/config' | '/cache';

const routes: readonly Route[] = ['/', '/login', '/tokens', '/config', '/cache'];
const routeChanges = changes();

/** Asked before the user leaves the current route; false keeps them there. Set by a page with unsaved edits. */
let leaveGuard: (() => boolean) | null = null;

/** The location the app shows, restored when a guard keeps the user on the page after Back or Forward. */
let shownUrl = window.location.pathname + window.location.search;

/**
 * Sets (or clears, with null) what is asked before the user moves to another route by a link, a
 * navigation or the browser's Back and Forward buttons. A reload or a closed tab is the page's
 * `beforeunload` business.
 */
export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

function mayLeaveFor(path: string): boolean {
  const leaving = routeOf(path) !== currentRouteOf(shownUrl);
  return !leaving || leaveGuard === null || leaveGuard();
}

/** The route of the current location; an unknown path shows the dashboard. */
export function currentRoute(): Route {
  return routeOf(window.location.pathname);
}

function currentRouteOf(url: string): Route {
  return routeOf(url.split('?')[0]);
}

function routeOf(pathname: string): Route {
  let path = pathname;
  if (path.startsWith(BASE)) {
    path = path.slice(BASE.length);
  }
  path = path.replace(/\/+$/, '') || '/';
  return (routes as readonly string[]).includes(path) ? (path as Route) : '/';
}

/**
 * Moves to a route without reloading the page; `search` is an optional query ("?status=expired").
 * A move the user asked for (not `replace`, which the app itself uses after a login or a logout)
 * first asks the leave guard, if a page set one.
 */
export function navigate(route: Route, replace = false, search = ''): void {
  const url = hrefOf(route, search);
  if (!replace && !mayLeaveFor(hrefOf(route))) {
    return;
  }
  if (url !== window.location.pathname + window.location.search) {
    if (replace) {
      history.replaceState(null, '', url);
    } else {
      history.pushState(null, '', url);
    }
  }
  shownUrl = url;
  routeChanges.notify();
}

window.addEventListener('popstate', () => {
  if (!mayLeaveFor(window.location.pathname)) {
    // The browser has moved already: put the page's own address back and stay.
    history.pushState(null, '', shownUrl);
    return;
  }
  shownUrl = window.location.pathname + window.location.search;
  routeChanges.notify();
});

/** The current route; the component renders again when it changes. */
export function useRoute(): Route {
  return routeChanges.use(currentRoute);
}

/** The href of a route (with an optional query), for links that still work when opened in a new tab. */
export function hrefOf(route: Route, search = ''): string {
  return BASE + (route === '/' ? '/' : route) + search;
}
