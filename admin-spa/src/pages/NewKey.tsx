import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { randomKey } from '../ui/randomKey';
import '../i18n/login';

/**
 * Shown while the admin key is still the documented default: the operator picks a new key first.
 * Saving it ends every session (sessions are signed with the key), so the app logs in again with
 * the new key at once.
 */
export function NewKey(props: { onDone: () => void }) {
  const [key, setKey] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (key !== again) {
      setError(t('newkey.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('PATCH', '/v1/admin/config', { app: { app_key: key } });
      await api('POST', '/v1/admin/login', { app_key: key });
      props.onDone();
    } catch (e) {
      const failure = e as { errors?: Record<string, string[]>; message: string };
      const reasons = failure.errors?.['app.app_key'];
      setError(reasons?.length ? reasons.join(' ') : failure.message);
    } finally {
      setBusy(false);
    }
  }

  function generate() {
    const value = randomKey(24);
    setKey(value);
    setAgain(value);
  }

  return (
    <main class="center">
      <form class="card login" onSubmit={submit} aria-labelledby="newkey-title">
        <h1 id="newkey-title">{t('newkey.title')}</h1>
        <p>{t('newkey.explain')}</p>
        <label for="new-key">{t('newkey.key')}</label>
        <input
          id="new-key"
          data-testid="new-key"
          autofocus
          type="text"
          autocomplete="new-password"
          spellcheck={false}
          required
          minLength={8}
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        <label for="new-key-again">{t('newkey.again')}</label>
        <input
          id="new-key-again"
          data-testid="new-key-again"
          type="text"
          autocomplete="new-password"
          spellcheck={false}
          required
          value={again}
          onInput={(event) => setAgain((event.target as HTMLInputElement).value)}
        />
        <div class="row">
          <button type="button" onClick={generate}>
            {t('newkey.generate')}
          </button>
          <button type="submit" class="primary" data-testid="new-key-submit" disabled={busy}>
            {t('newkey.submit')}
          </button>
        </div>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
