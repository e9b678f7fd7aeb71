import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { call, PublicError } from '../api';

/** Asks for the public key and starts a cookie session; the key is sent once and kept nowhere in the browser. */
export function PublicLogin(props: { onLoggedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('POST', '/v1/public/login', { key }, { quiet401: true });
      setKey('');
      props.onLoggedIn();
    } catch (e) {
      const failure = e as PublicError;
      setError(
        failure.status === 401
          ? t('pub.login.wrong')
          : failure.status === 429
            ? t('pub.login.throttled', { seconds: failure.retryAfter ?? 60 })
            : failure.status === 404
              ? t('pub.login.disabled')
              : failure.message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="center">
      <form class="card login" onSubmit={submit} aria-labelledby="pub-login-title">
        <h1 id="pub-login-title">{t('pub.login.title')}</h1>
        <p class="muted small pg-hint">{t('pub.login.hint')}</p>
        <label for="pub-login-key">{t('pub.login.key')}</label>
        <input
          id="pub-login-key"
          data-testid="pub-login-key"
          type="password"
          autocomplete="current-password"
          required
          autofocus
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert" data-testid="pub-login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" data-testid="pub-login-submit" disabled={busy}>
          {t('pub.login.submit')}
        </button>
      </form>
    </main>
  );
}
