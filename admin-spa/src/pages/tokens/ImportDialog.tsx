import { useState } from 'preact/hooks';
import { api } from '../../api';
import { formatNumber, t } from '../../i18n';
import { Modal } from '../../ui/Modal';
import { toast } from '../../ui/toast';
import { knownPools, parseTokens } from './filters';
import { DialogButtons, FieldError, FormFailure, useDialogForm } from './form';

/**
 * What was pasted and not imported yet: kept while the page is open (in memory only, never stored), so
 * closing the dialog by Escape or Cancel does not throw a long paste away. Cleared by an import.
 */
let draft = '';

/** Adds many tokens at once: pasted one per line (commas, spaces and `sso=` tolerated) into one pool. */
export function ImportDialog(props: { open: boolean; defaultPool: string; onClose: () => void; onDone: () => void }) {
  return (
    <Modal
      title={t('tokens.import.title')}
      open={props.open}
      onClose={props.onClose}
      testId="import-dialog"
      footer={<DialogButtons onCancel={props.onClose} label={t('tokens.import.submit')} testId="import-submit" form="token-import-form" />}
    >
      <ImportForm defaultPool={props.defaultPool} onDone={props.onDone} />
    </Modal>
  );
}

function ImportForm(props: { defaultPool: string; onDone: () => void }) {
  const [text, setText] = useState(draft);
  const [pool, setPool] = useState((knownPools as readonly string[]).includes(props.defaultPool) ? props.defaultPool : knownPools[0]);
  const [note, setNote] = useState('');
  const { errors, setErrors, failure, busy, run } = useDialogForm();
  const { tokens, invalid } = parseTokens(text);

  async function submit(event: Event) {
    event.preventDefault();
    if (tokens.length === 0) {
      setErrors({ tokens: t('tokens.import.empty') });
      return;
    }
    await run(async () => {
      const answer = await api<{ added: number; skipped: number }>('POST', '/v1/admin/tokens', { pool, tokens, note: note.trim() || null });
      draft = '';
      toast(t('tokens.import.done', { added: formatNumber(answer.added), skipped: formatNumber(answer.skipped), pool }));
      props.onDone();
    });
  }

  return (
    <form id="token-import-form" class="form-grid" onSubmit={submit} aria-busy={busy}>
      <label for="import-text">{t('tokens.import.text')}</label>
      <textarea
        id="import-text"
        data-testid="import-text"
        autofocus
        class="import-text"
        spellcheck={false}
        autocomplete="off"
        placeholder={t('tokens.import.placeholder')}
        value={text}
        aria-invalid={errors.tokens ? true : undefined}
        aria-describedby="import-found"
        onInput={(e) => {
          draft = (e.target as HTMLTextAreaElement).value;
          setText(draft);
        }}
      />
      <p id="import-found" class="muted" aria-live="polite" data-testid="import-found">
        {t('tokens.import.found', { count: formatNumber(tokens.length) })}
      </p>
      {invalid.length > 0 ? (
        <p class="error field-error" role="status" data-testid="import-invalid">
          {t('tokens.import.invalid', {
            count: formatNumber(invalid.length),
            lines: invalid
              .slice(0, 5)
              .map((entry) => t('tokens.import.invalid_line', { line: formatNumber(entry.line), text: entry.text.length > 12 ? `${entry.text.slice(0, 12)}…` : entry.text }))
              .join(t('tokens.import.invalid_sep')),
            more: invalid.length > 5 ? t('tokens.import.invalid_more', { count: formatNumber(invalid.length - 5) }) : '',
          })}
        </p>
      ) : null}
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
      <FormFailure message={failure} />
    </form>
  );
}
