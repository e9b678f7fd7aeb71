import { t } from '../../i18n';
import type { ConfigKeySchema, ConfigValue } from '../../types';

/** What an input holds: the checked state of a toggle, or the text of any other input. */
export type FormValue = string | boolean;

/** The dotted name of a key, `section.key`. */
export function pathOf(section: string, key: string): string {
  return `${section}.${key}`;
}

/** How a value from the API is shown in its input. */
export function toForm(key: ConfigKeySchema, value: ConfigValue | undefined): FormValue {
  switch (key.kind) {
    case 'bool':
      return value === true;
    case 'list':
      return Array.isArray(value) ? value.map(String).join('\n') : '';
    case 'table':
      return value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value)
            .map(([name, limit]) => `${name} = ${limit}`)
            .join('\n')
        : '';
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

/** The value an input means, or why it does not mean one (checked before anything is sent). */
export type Parsed = { ok: true; value: ConfigValue } | { ok: false; error: string };

const integer = /^[-+]?\d+$/;

function parseNumber(text: string, whole: boolean): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || (whole && !integer.test(trimmed))) {
    return null;
  }
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Lines of a list or table input; blank lines are ignored, the text of every other line is kept exactly. */
function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/** The value to send for an input of `key`. */
export function fromForm(key: ConfigKeySchema, form: FormValue): Parsed {
  if (key.kind === 'bool') {
    return { ok: true, value: form === true };
  }
  const text = typeof form === 'string' ? form : String(form);
  switch (key.kind) {
    case 'int':
    case 'number': {
      const value = parseNumber(text, key.kind === 'int');
      return value === null ? { ok: false, error: t(key.kind === 'int' ? 'config.bad.integer' : 'config.bad.number') } : { ok: true, value };
    }
    case 'list': {
      const items = lines(text);
      if (key.item !== 'int') {
        return { ok: true, value: items };
      }
      const numbers: number[] = [];
      for (const item of items) {
        const value = parseNumber(item, true);
        if (value === null) {
          return { ok: false, error: t('config.bad.integer') };
        }
        numbers.push(value);
      }
      return { ok: true, value: numbers };
    }
    case 'table': {
      const table: Record<string, number> = {};
      let line = 0;
      for (const raw of text.split(/\r?\n/)) {
        line++;
        if (raw.trim() === '') {
          continue;
        }
        const split = raw.lastIndexOf('=');
        const name = split > 0 ? raw.slice(0, split).trim().replace(/^"(.*)"$/, '$1') : '';
        const value = split > 0 ? parseNumber(raw.slice(split + 1), true) : null;
        if (!name || value === null) {
          return { ok: false, error: t('config.bad.table', { line }) };
        }
        table[name] = value;
      }
      return { ok: true, value: table };
    }
    default:
      return { ok: true, value: text };
  }
}

/** A short, one-line rendering of a value for the "what changed" message and the defaults. */
export function describeValue(value: ConfigValue | undefined, limit = 60): string {
  let text: string;
  if (value === null || value === undefined) {
    text = '—';
  } else if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (Array.isArray(value)) {
    text = `[${value.map((item) => (typeof item === 'string' ? JSON.stringify(item) : String(item))).join(', ')}]`;
  } else if (typeof value === 'object') {
    text = `{${Object.entries(value)
      .map(([name, limitValue]) => `${name} = ${limitValue}`)
      .join(', ')}}`;
  } else {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Whether a string shows URL credentials masked by the service (`http://****@host`). */
export function hasMaskedCredentials(text: string): boolean {
  return text.includes('****@');
}
