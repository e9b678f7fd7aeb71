import { useState } from 'preact/hooks';

/**
 * The login card of an app (the admin app and the public pages share it): one password field for a
 * key, an error line and the submit button, busy while the key is sent. `prefix` names the elements:
 * `<prefix>-title`, `<prefix>-key` (id and data-testid), and the data-testids `<prefix>-error` and
 * `<prefix>-submit`. `send` starts the session (the key is not kept in the browser); `explain` turns
 * its failure into the text shown; the texts come translated.
 */
export function KeyLoginForm(props: {
  prefix: string;
  title: string;
  hint?: string;
  keyLabel: string;
  submitLabel: string;
  send: (key: string) => Promise<unknown>;
  explain: (failure: unknown) => string;
  onLoggedIn: () => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.send(key);
      setKey('');
      props.onLoggedIn();
    } catch (e) {
      setError(props.explain(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="center">
      <form class="card login" onSubmit={submit} aria-labelledby={`${props.prefix}-title`}>
        <h1 id={`${props.prefix}-title`}>{props.title}</h1>
        {props.hint ? <p class="muted small pg-hint">{props.hint}</p> : null}
        <label for={`${props.prefix}-key`}>{props.keyLabel}</label>
        <input
          id={`${props.prefix}-key`}
          data-testid={`${props.prefix}-key`}
          type="password"
          autocomplete="current-password"
          required
          autofocus
          value={key}
          onInput={(event) => setKey((event.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert" data-testid={`${props.prefix}-error`}>
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" data-testid={`${props.prefix}-submit`} disabled={busy}>
          {props.submitLabel}
        </button>
      </form>
    </main>
  );
}
