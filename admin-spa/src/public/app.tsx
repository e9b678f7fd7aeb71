import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLang, setLang, t, useLang } from '../i18n';
import '../i18n/public';
import { call, onUnauthorized, verify } from './api';
import { Imagine } from './pages/Imagine';
import { PublicLogin } from './pages/Login';
import { Video } from './pages/Video';
import { Voice } from './pages/Voice';
import { navigate, type PublicRoute, useRoute } from './router';

type Session = 'checking' | 'in' | 'out' | 'failed';

const pages: { route: PublicRoute; key: string; testId: string }[] = [
  { route: '/imagine', key: 'pub.nav.imagine', testId: 'pub-nav-imagine' },
  { route: '/video', key: 'pub.nav.video', testId: 'pub-nav-video' },
  { route: '/voice', key: 'pub.nav.voice', testId: 'pub-nav-voice' },
];

/** The public pages: the gate (verify, else the login page), then the header and the page of the route. */
export function PublicApp() {
  useLang();
  const route = useRoute();
  const [session, setSession] = useState<Session>('checking');

  async function check() {
    try {
      const ok = await verify();
      setSession(ok ? 'in' : 'out');
      if (ok && route === '/login') {
        navigate('/imagine', true);
      } else if (!ok && route !== '/login') {
        navigate('/login', true);
      }
    } catch {
      setSession('failed');
    }
  }

  useEffect(() => {
    void check();
    return onUnauthorized(() => {
      setSession('out');
      navigate('/login', true);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const page = pages.find((item) => item.route === route);
    document.title = session === 'in' && page ? `${t(page.key)} · ${t('pub.title')}` : t('pub.title');
  });

  if (session === 'checking') {
    return <p class="center muted">{t('pub.loading')}</p>;
  }
  if (session === 'failed') {
    return (
      <main class="center">
        <div class="card login">
          <p class="error" role="alert">
            {t('pub.error.network')}
          </p>
          <button type="button" onClick={() => void check()}>
            {t('pub.retry')}
          </button>
        </div>
      </main>
    );
  }
  if (session === 'out' || route === '/login') {
    return (
      <>
        <div class="langbar">
          <LangButton />
        </div>
        <PublicLogin
          onLoggedIn={() => {
            setSession('in');
            navigate('/imagine', true);
          }}
        />
      </>
    );
  }
  return <Shell route={route} onLoggedOut={() => setSession('out')} />;
}

function LangButton() {
  const lang = currentLang();
  return (
    <button type="button" class="ghost" data-testid="lang-switch" aria-label={t('pub.lang.switch.label')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('pub.lang.switch')}
    </button>
  );
}

function Shell(props: { route: PublicRoute; onLoggedOut: () => void }) {
  const main = useRef<HTMLElement>(null);
  const shownRoute = useRef(props.route);
  useEffect(() => {
    if (shownRoute.current !== props.route) {
      shownRoute.current = props.route;
      main.current?.focus();
    }
  }, [props.route]);

  async function logout() {
    try {
      await call('POST', '/v1/public/logout', undefined, { quiet401: true });
    } catch {
      // The cookie is gone or the service is away: the login page is right either way.
    }
    props.onLoggedOut();
    navigate('/login', true);
  }

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('pub.skip')}
      </a>
      <header class="top">
        <span class="brand">Grok2Api</span>
        <nav aria-label={t('pub.nav.main')}>
          {pages.map((page) => (
            <a
              key={page.route}
              href={page.route}
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
          <button type="button" class="ghost" data-testid="pub-logout" onClick={() => void logout()}>
            {t('pub.logout')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {props.route === '/video' ? <Video /> : props.route === '/voice' ? <Voice /> : <Imagine />}
      </main>
    </>
  );
}
