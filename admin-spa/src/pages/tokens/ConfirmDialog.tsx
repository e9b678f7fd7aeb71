import { useState } from 'preact/hooks';
import { Modal } from '../../ui/Modal';
import { DialogButtons } from './form';

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
      footer={<DialogButtons onCancel={props.onClose} label={props.confirmLabel} testId="confirm-delete" danger disabled={busy} onClick={confirm} />}
    >
      <p>{props.message}</p>
    </Modal>
  );
}
