import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Modal } from '../../ui/Modal';

/** Asks before something that cannot be undone; the confirm button is the dangerous one. */
export function ConfirmDialog(props: { open: boolean; title: string; message: string; confirmLabel: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={props.title}
      open={props.open}
      onClose={props.onClose}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="button" class="danger" data-testid="confirm-delete" disabled={busy} onClick={confirm}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.message}</p>
    </Modal>
  );
}
