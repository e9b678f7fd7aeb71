import { changes } from '../ui/changes';

/** The public pages, at the site's root as the original had them. */
export type PublicRoute = '/login' | '/imagine' | '/video' | '/voice';

const routes: readonly PublicRoute[] = ['/login', '/imagine', '/video', '/voice'];
const routeChanges = changes();

/** The route of the current location; any other path shows the imagine page. */
export function currentRoute(): PublicRoute {
  const path = window.location.pathname.replace(/\/+$/, '');
  return (routes as readonly string[]).includes(path) ? (path as PublicRoute) : '/imagine';
}

/** Moves to a route without reloading the page. */
export function navigate(route: PublicRoute, replace = false): void {
  if (route !== window.location.pathname) {
    if (replace) {
      history.replaceState(null, '', route);
    } else {
      history.pushState(null, '', route);
    }
  }
  routeChanges.notify();
}

window.addEventListener('popstate', () => routeChanges.notify());

/** The current route; the component renders again when it changes. */
export function useRoute(): PublicRoute {
  return routeChanges.use(currentRoute);
}
