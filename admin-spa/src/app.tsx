import { useEffect, useRef, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api';
import { currentLang, setLang, t, useLang } from './i18n';
import './i18n/common';
import { Cache } from './pages/Cache';
import { Config } from './pages/Config';
import { Dashboard } from './pages/Dashboard';
import { Login } from './pages/Login';
import { NewKey } from './pages/NewKey';
import { Tokens } from './pages/Tokens';
import { hrefOf, navigate, type Route, useRoute } from './router';
import { toast, Toasts } from './ui/toast';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; defaultKey: boolean; storage: string };

const pages: { route: Route; key: string; testId: string }[] = [
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

  useEffect(() => {
    const page = pages.find((item) => item.route === route);
    document.title = session.state === 'signed-in' && !session.defaultKey && page ? `${t(page.key)} · ${t('app.title')}` : t('app.title');
  });

  if (session.state === 'loading') {
    return <p class="center muted">{t('loading')}</p>;
  }
  if (session.state === 'anonymous') {
    return (
      <>
        <LanguageBar />
        <Login onLoggedIn={check} />
        <Toasts />
      </>
    );
  }
  if (session.defaultKey) {
    return (
      <>
        <LanguageBar />
        <NewKey onDone={check} />
        <Toasts />
      </>
    );
  }
  return <Shell route={route} storage={session.storage} onLoggedOut={() => setSession({ state: 'anonymous' })} />;
}

function LangButton() {
  const lang = currentLang();
  return (
    <button type="button" class="ghost" data-testid="lang-switch" aria-label={t('lang.switch.label')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );
}

function LanguageBar() {
  return (
    <div class="langbar">
      <LangButton />
    </div>
  );
}

function Shell(props: { route: Route; storage: string; onLoggedOut: () => void }) {
  const main = useRef<HTMLElement>(null);
  const shownRoute = useRef(props.route);
  useEffect(() => {
    // After moving to another page, focus goes to its content (as after a page load), so keyboard
    // and screen reader users start there instead of on the link they used.
    if (shownRoute.current !== props.route) {
      shownRoute.current = props.route;
      main.current?.focus();
    }
  }, [props.route]);

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
      <a
        class="skip"
        href="#main"
        data-testid="skip-link"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('skip')}
      </a>
      <header class="top">
        <span class="brand">Grok2Api</span>
        {props.storage ? (
          <span class="badge storage-badge" data-testid="storage-badge" title={t('storage.title')}>
            {props.storage.toUpperCase()}
          </span>
        ) : null}
        <nav aria-label={t('nav.main')}>
          {pages.map((page) => (
            <a
              key={page.route}
              href={hrefOf(page.route)}
              data-testid={page.testId}
              aria-current={props.route === page.route ? 'page' : undefined}
              onClick={(event) => {
                if (!event.ctrlKey && !event.metaKey && !event.shiftKey) {
                  event.preventDefault();
                  navigate(page.route);
                }
              }}
            >
              {t(page.key)}
            </a>
          ))}
        </nav>
        <div class="top-actions">
          <LangButton />
          <button type="button" class="ghost" data-testid="logout" onClick={logout}>
            {t('logout')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {props.route === '/tokens' ? <Tokens /> : props.route === '/config' ? <Config /> : props.route === '/cache' ? <Cache /> : <Dashboard />}
      </main>
      <Toasts />
    </>
  );
}
