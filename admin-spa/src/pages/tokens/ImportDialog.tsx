import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { formatNumber, t } from '../../i18n';
import { Modal } from '../../ui/Modal';
import { toast } from '../../ui/toast';
import { FieldError } from './EditDialog';
import { knownPools, parseTokens } from './filters';
import { problemText } from './format';

/** Adds many tokens at once: pasted one per line (commas, spaces and `sso=` tolerated) into one pool. */
export function ImportDialog(props: { open: boolean; defaultPool: string; onClose: () => void; onDone: () => void }) {
  return (
    <Modal
      title={t('tokens.import.title')}
      open={props.open}
      onClose={props.onClose}
      testId="import-dialog"
      footer={
        <>
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" form="token-import-form" data-testid="import-submit">
            {t('tokens.import.submit')}
          </button>
        </>
      }
    >
      <ImportForm defaultPool={props.defaultPool} onDone={props.onDone} />
    </Modal>
  );
}

function ImportForm(props: { defaultPool: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const [pool, setPool] = useState((knownPools as readonly string[]).includes(props.defaultPool) ? props.defaultPool : knownPools[0]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tokens = parseTokens(text);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    if (tokens.length === 0) {
      setErrors({ tokens: t('tokens.import.empty') });
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const answer = await api<{ added: number; skipped: number }>('POST', '/v1/admin/tokens', { pool, tokens, note: note.trim() || null });
      toast(t('tokens.import.done', { added: formatNumber(answer.added), skipped: formatNumber(answer.skipped), pool }));
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.errors).length > 0) {
        setErrors(Object.fromEntries(Object.entries(e.errors).map(([field, reasons]) => [field, reasons.join(' ')])));
      } else {
        setFailure(problemText(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form id="token-import-form" class="form-grid" onSubmit={submit} aria-busy={busy}>
      <label for="import-text">{t('tokens.import.text')}</label>
      <textarea
        id="import-text"
        data-testid="import-text"
        class="import-text"
        spellcheck={false}
        autocomplete="off"
        placeholder={t('tokens.import.placeholder')}
        value={text}
        aria-invalid={errors.tokens ? true : undefined}
        aria-describedby="import-found"
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <p id="import-found" class="muted" aria-live="polite" data-testid="import-found">
        {t('tokens.import.found', { count: formatNumber(tokens.length) })}
      </p>
      <FieldError name="tokens" errors={errors} idPrefix="import" />
      <div class="form-pair">
        <div class="form-grid">
          <label for="import-pool">{t('tokens.col.pool')}</label>
          <select id="import-pool" data-testid="import-pool" value={pool} onChange={(e) => setPool((e.target as HTMLSelectElement).value)}>
            {knownPools.map((name) => (
              <option key={name} value={name}>
                {t(`tokens.pool.${name}`)}
              </option>
            ))}
          </select>
          <FieldError name="pool" errors={errors} idPrefix="import" />
        </div>
        <div class="form-grid">
          <label for="import-note">{t('tokens.import.note')}</label>
          <input id="import-note" data-testid="import-note" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          <FieldError name="note" errors={errors} idPrefix="import" />
        </div>
      </div>
      {failure ? (
        <p class="error" role="alert">
          {failure}
        </p>
      ) : null}
    </form>
  );
}
