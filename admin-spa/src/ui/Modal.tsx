import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A modal dialog on the native <dialog> element: focus moves into it, Escape closes it and focus
 * returns to where it was.
 */
export function Modal(props: { title: string; open: boolean; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; testId?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) {
      return;
    }
    if (props.open && !element.open) {
      element.showModal();
      // Start in the content (a field marked autofocus, else the first control), not on the close button.
      const first =
        element.querySelector<HTMLElement>('.modal-body [autofocus]') ??
        element.querySelector<HTMLElement>('.modal-body :is(input, textarea, select, button):not(:disabled), .modal-foot button:not(:disabled)');
      first?.focus();
    } else if (!props.open && element.open) {
      element.close();
    }
  }, [props.open]);

  return (
    <dialog
      ref={dialog}
      class="modal"
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(event) => {
        // Escape: the page closes it (through props.open), so that its state and the dialog agree.
        event.preventDefault();
        props.onClose();
      }}
      onClose={() => {
        if (props.open) {
          props.onClose();
        }
      }}
    >
      <header class="modal-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="icon" aria-label={t('close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      <div class="modal-body">{props.open ? props.children : null}</div>
      {props.footer ? <footer class="modal-foot">{props.footer}</footer> : null}
    </dialog>
  );
}
