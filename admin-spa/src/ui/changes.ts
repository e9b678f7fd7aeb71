import { useEffect, useState } from 'preact/hooks';

/**
 * Tells components that a value kept outside them (the language, the route, the toasts) changed:
 * the module that owns the value calls `notify()` after each change, and a component that reads it
 * through `use` renders again.
 */
export interface Changes {
  /** Tells every component that uses the value that it changed. */
  notify(): void;
  /** The value `read` gives now; the component renders again after each `notify()`. */
  use<T>(read: () => T): T;
}

/** The change feed of one value. */
export function changes(): Changes {
  const listeners = new Set<() => void>();
  return {
    notify() {
      listeners.forEach((listener) => listener());
    },
    use<T>(read: () => T): T {
      const [value, setValue] = useState(read);
      useEffect(() => {
        const update = () => setValue(read());
        listeners.add(update);
        return () => {
          listeners.delete(update);
        };
      }, []);
      return value;
    },
  };
}
