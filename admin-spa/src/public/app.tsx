import { useEffect, useState } from 'preact/hooks';
import { t, useLang } from '../i18n';
import '../i18n/public';
import { call, onUnauthorized, verify } from './api';
import { Imagine } from './pages/Imagine';
import { PublicLogin } from './pages/Login';
import { Video } from './pages/Video';
import { Voice } from './pages/Voice';
import { navigate, type PublicRoute, useRoute } from './router';
import { AppShell, LangButton, LanguageBar, type NavPage, usePageTitle } from '../ui/AppShell';

type Session = 'checking' | 'in' | 'out' | 'failed';

const pages: NavPage<PublicRoute>[] = [
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

  usePageTitle(pages, route, session === 'in', t('pub.title'));

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
        <LanguageBar {...langText()} />
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

const langText = () => ({ text: t('pub.lang.switch'), label: t('pub.lang.switch.label') });

function Shell(props: { route: PublicRoute; onLoggedOut: () => void }) {
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
    <AppShell
      route={props.route}
      pages={pages}
      hrefOf={(route) => route}
      navigate={navigate}
      navLabel={t('pub.nav.main')}
      skipLabel={t('pub.skip')}
      actions={
        <>
          <LangButton {...langText()} />
          <button type="button" class="ghost" data-testid="pub-logout" onClick={() => void logout()}>
            {t('pub.logout')}
          </button>
        </>
      }
    >
      {props.route === '/video' ? <Video /> : props.route === '/voice' ? <Voice /> : <Imagine />}
    </AppShell>
  );
}
