import { changes } from './changes';

interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

let nextId = 1;
let toasts: Toast[] = [];
const toastChanges = changes();

function publish(next: Toast[]) {
  toasts = next;
  toastChanges.notify();
}

/** Shows a short message saying what changed (or what failed); it goes away after a while. */
export function toast(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const id = nextId++;
  publish([...toasts, { id, text, kind }]);
  window.setTimeout(() => publish(toasts.filter((item) => item.id !== id)), kind === 'error' ? 10000 : 6000);
}

/** The place where messages appear; announced to screen readers. */
export function Toasts() {
  const items = toastChanges.use(() => toasts);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((item) => (
        <div key={item.id} class={`toast toast-${item.kind}`} data-testid="toast">
          {item.text}
        </div>
      ))}
    </div>
  );
}
