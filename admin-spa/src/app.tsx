import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api';
import { t, useLang } from './i18n';
import './i18n/common';
import { Cache } from './pages/Cache';
import { Config } from './pages/Config';
import { Dashboard } from './pages/Dashboard';
import { Login } from './pages/Login';
import { NewKey } from './pages/NewKey';
import { Tokens } from './pages/Tokens';
import { hrefOf, navigate, type Route, useRoute } from './router';
import { AppShell, LangButton, LanguageBar, type NavPage, usePageTitle } from './ui/AppShell';
import { toast, Toasts } from './ui/toast';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; defaultKey: boolean; storage: string };

const pages: NavPage<Route>[] = [
  { route: '/', key: 'nav.dashboard', testId: 'nav-dashboard' },
  { route: '/tokens', key: 'nav.tokens', testId: 'nav-tokens' },
  { route: '/config', key: 'nav.config', testId: 'nav-config' },
  { route: '/cache', key: 'nav.cache', testId: 'nav-cache' },
];

/** The app: the session decides between login, the new-key step and the pages. */
export function App() {
  useLang();
  const route = useRoute();
  const [session, setSession] = useState<Session>({ state: 'loading' });

  async function check() {
    try {
      const answer = await api<{ authenticated: boolean; default_key?: boolean; storage?: string }>('GET', '/v1/admin/session');
      setSession({ state: 'signed-in', defaultKey: answer.default_key === true, storage: answer.storage ?? '' });
      if (route === '/login') {
        navigate('/', true);
      }
    } catch {
      setSession({ state: 'anonymous' });
    }
  }

  useEffect(() => {
    void check();
    return onUnauthorized(() => setSession({ state: 'anonymous' }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  usePageTitle(pages, route, session.state === 'signed-in' && !session.defaultKey, t('app.title'));

  if (session.state === 'loading') {
    return <p class="center muted">{t('loading')}</p>;
  }
  if (session.state === 'anonymous') {
    return (
      <>
        <LanguageBar {...langText()} />
        <Login onLoggedIn={check} />
        <Toasts />
      </>
    );
  }
  if (session.defaultKey) {
    return (
      <>
        <LanguageBar {...langText()} />
        <NewKey onDone={check} />
        <Toasts />
      </>
    );
  }
  return <Shell route={route} storage={session.storage} onLoggedOut={() => setSession({ state: 'anonymous' })} />;
}

const langText = () => ({ text: t('lang.switch'), label: t('lang.switch.label') });

function Shell(props: { route: Route; storage: string; onLoggedOut: () => void }) {
  async function logout() {
    try {
      await api('POST', '/v1/admin/logout');
    } catch (e) {
      toast((e as Error).message, 'error');
    }
    props.onLoggedOut();
    navigate('/login', true);
  }

  return (
    <>
      <AppShell
        route={props.route}
        pages={pages}
        hrefOf={hrefOf}
        navigate={navigate}
        navLabel={t('nav.main')}
        skipLabel={t('skip')}
        skipTestId="skip-link"
        badge={
          props.storage ? (
            <span class="badge storage-badge" data-testid="storage-badge" title={t('storage.title')}>
              {props.storage.toUpperCase()}
            </span>
          ) : null
        }
        actions={
          <>
            <LangButton {...langText()} />
            <button type="button" class="ghost" data-testid="logout" onClick={logout}>
              {t('logout')}
            </button>
          </>
        }
      >
        {props.route === '/tokens' ? <Tokens /> : props.route === '/config' ? <Config /> : props.route === '/cache' ? <Cache /> : <Dashboard />}
      </AppShell>
      <Toasts />
    </>
  );
}
