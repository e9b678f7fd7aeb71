import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import '../i18n/login';

/** Asks for the admin key and starts a cookie session; the key is not kept in the browser. */
export function Login(props: { onLoggedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/v1/admin/login', { app_key: key });
      setKey('');
      props.onLoggedIn();
    } catch (e) {
      const failure = e as ApiError;
      setError(failure.status === 401 ? t('login.wrong') : failure.status === 429 ? t('login.throttled') : failure.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="center">
      <form class="card login" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <label for="login-key">{t('login.key')}</label>
        <input
          id="login-key"
          data-testid="login-key"
          type="password"
          autocomplete="current-password"
          required
          autofocus
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" data-testid="login-submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
