import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n';
import { problemText } from './format';

/**
 * The state of a dialog's form: inline errors by field (from the problem's `errors` map), one
 * message for any other failure, and whether a submit is under way.
 */
export function useDialogForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs a submit: clears the old errors, and shows the new ones where they belong. */
  async function run(action: () => Promise<void>) {
    if (busy) {
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await action();
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

  return { errors, setErrors, failure, busy, run };
}

/** The inline error of one field, from the problem's `errors` map. */
export function FieldError(props: { name: string; errors: Record<string, string>; idPrefix: string }) {
  const message = props.errors[props.name];
  return message ? (
    <p class="error field-error" id={`${props.idPrefix}-${props.name}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

/** A failure that belongs to no one field. */
export function FormFailure(props: { message: string | null }) {
  return props.message ? (
    <p class="error" role="alert">
      {props.message}
    </p>
  ) : null;
}

/** A dialog's buttons: cancel, then the action (a form's submit when `form` is given). */
export function DialogButtons(props: { onCancel: () => void; label: string; testId: string; form?: string; danger?: boolean; disabled?: boolean; onClick?: () => void }) {
  return (
    <>
      <button type="button" class="ghost" onClick={props.onCancel}>
        {t('cancel')}
      </button>
      <button
        type={props.form ? 'submit' : 'button'}
        form={props.form}
        class={props.danger ? 'danger' : 'primary'}
        data-testid={props.testId}
        disabled={props.disabled}
        onClick={props.onClick}
      >
        {props.label}
      </button>
    </>
  );
}
