import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { TokenView } from '../../types';
import { Modal } from '../../ui/Modal';
import { toast } from '../../ui/toast';
import { knownPools } from './filters';
import { DialogButtons, FieldError, FormFailure, useDialogForm } from './form';
import { joinList } from './format';

type Patch = { pool?: string; quota?: number; note?: string; status?: 'active' | 'disabled' };

/** The patch of exactly what changed, and how to say it ("quota 80 → 120, note set"). */
export function diffToken(token: TokenView, pool: string, quota: number, note: string, status: 'keep' | 'active' | 'disabled'): { patch: Patch; changes: string[] } {
  const patch: Patch = {};
  const changes: string[] = [];
  if (pool !== token.pool) {
    patch.pool = pool;
    changes.push(t('tokens.change.pool', { from: token.pool, to: pool }));
  }
  if (quota !== token.quota) {
    patch.quota = quota;
    changes.push(t('tokens.change.quota', { from: token.quota, to: quota }));
  }
  if (note !== token.note) {
    patch.note = note;
    changes.push(t(token.note === '' ? 'tokens.change.note.set' : note === '' ? 'tokens.change.note.cleared' : 'tokens.change.note.changed'));
  }
  if (status !== 'keep' && status !== token.status) {
    patch.status = status;
    changes.push(t('tokens.change.status', { from: t(`tokens.status.${token.status}`), to: t(`tokens.status.${status}`) }));
  }
  return { patch, changes };
}

/** Edits one token's pool, quota, note and status; sends only the fields that changed. */
export function EditDialog(props: { token: TokenView | null; onClose: () => void; onSaved: () => void }) {
  return (
    <Modal
      title={t('tokens.edit.title')}
      open={props.token !== null}
      onClose={props.onClose}
      testId="edit-dialog"
      footer={<DialogButtons onCancel={props.onClose} label={t('save')} testId="edit-save" form="token-edit-form" />}
    >
      {props.token ? <EditForm key={props.token.id} token={props.token} onSaved={props.onSaved} /> : null}
    </Modal>
  );
}

function EditForm(props: { token: TokenView; onSaved: () => void }) {
  const { token } = props;
  const settable = token.status === 'active' || token.status === 'disabled';
  const [pool, setPool] = useState(token.pool);
  const [quota, setQuota] = useState(String(token.quota));
  const [note, setNote] = useState(token.note);
  const [status, setStatus] = useState<'keep' | 'active' | 'disabled'>(settable ? (token.status as 'active' | 'disabled') : 'keep');
  const { errors, setErrors, failure, busy, run } = useDialogForm();
  const pools = (knownPools as readonly string[]).includes(token.pool) ? knownPools : [token.pool, ...knownPools];

  async function submit(event: Event) {
    event.preventDefault();
    const quotaValue = Number(quota);
    if (quota.trim() === '' || !Number.isInteger(quotaValue) || quotaValue < 0) {
      setErrors({ quota: t('tokens.edit.quota.invalid') });
      return;
    }
    const { patch, changes } = diffToken(token, pool, quotaValue, note, status);
    if (changes.length === 0) {
      toast(t('tokens.edit.nothing', { mask: token.token_masked }));
      props.onSaved();
      return;
    }
    await run(async () => {
      await api('PATCH', `/v1/admin/tokens/${encodeURIComponent(token.id)}`, patch);
      toast(t('tokens.edit.done', { mask: token.token_masked, changes: joinList(changes) }));
      props.onSaved();
    });
  }

  return (
    <form id="token-edit-form" class="form-grid" onSubmit={submit} aria-busy={busy}>
      <p class="muted">
        {t('tokens.edit.token')} <code>{token.token_masked}</code> · id <code>{token.id}</code>
      </p>
      <label for="edit-pool">{t('tokens.col.pool')}</label>
      <select id="edit-pool" data-testid="edit-pool" value={pool} onChange={(e) => setPool((e.target as HTMLSelectElement).value)}>
        {pools.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <FieldError name="pool" errors={errors} idPrefix="edit" />
      <label for="edit-quota">{t('tokens.col.quota')}</label>
      <input
        id="edit-quota"
        data-testid="edit-quota"
        autofocus
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        required
        value={quota}
        aria-invalid={errors.quota ? true : undefined}
        aria-describedby={errors.quota ? 'edit-quota-error' : undefined}
        onInput={(e) => setQuota((e.target as HTMLInputElement).value)}
      />
      <FieldError name="quota" errors={errors} idPrefix="edit" />
      <label for="edit-status">{t('tokens.col.status')}</label>
      <select id="edit-status" data-testid="edit-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as typeof status)}>
        {settable ? null : <option value="keep">{t('tokens.edit.status.keep', { status: t(`tokens.status.${token.status}`) })}</option>}
        <option value="active">{t('tokens.status.active')}</option>
        <option value="disabled">{t('tokens.status.disabled')}</option>
      </select>
      <FieldError name="status" errors={errors} idPrefix="edit" />
      <label for="edit-note">{t('tokens.col.note')}</label>
      <textarea id="edit-note" data-testid="edit-note" class="note-input" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <FieldError name="note" errors={errors} idPrefix="edit" />
      <FormFailure message={failure} />
    </form>
  );
}
