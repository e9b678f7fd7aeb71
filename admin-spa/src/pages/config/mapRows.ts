import { t } from '../../i18n';
import type { ConfigValue } from '../../types';

/** One editable entry of a map section: a name and its value, as typed. `id` only keeps the row's identity while names change. */
export interface MapRow {
  id: number;
  name: string;
  value: string;
}

/** One entry to send: a name set to a value, or removed (`value` null). `before` is the saved value, if any. */
export interface MapEdit {
  name: string;
  value: string | null;
  before: string | undefined;
}

let nextId = 1;

/** A new empty row. */
export function emptyRow(): MapRow {
  return { id: nextId++, name: '', value: '' };
}

/** The saved entries of a map section (names in the order the service sends them, which is sorted). */
export function savedEntries(value: ConfigValue | Record<string, ConfigValue> | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, item] of Object.entries(value)) {
      entries[name] = item === null || item === undefined ? '' : String(item);
    }
  }
  return entries;
}

/** The rows showing the saved entries. */
export function rowsOf(saved: Record<string, string>): MapRow[] {
  return Object.entries(saved).map(([name, value]) => ({ id: nextId++, name, value }));
}

/** Whether a row was left entirely blank (ignored: it changes nothing). */
export function isBlank(row: MapRow): boolean {
  return row.name.trim() === '' && row.value.trim() === '';
}

/**
 * What the rows change against the saved entries: every name whose value is new or different, and
 * every saved name no row holds any more (removed, or renamed away), sent as null.
 */
export function mapEdits(saved: Record<string, string>, rows: MapRow[]): MapEdit[] {
  const edits: MapEdit[] = [];
  const kept = new Set<string>();
  for (const row of rows) {
    if (isBlank(row)) {
      continue;
    }
    const name = row.name.trim();
    const value = row.value.trim();
    kept.add(name);
    const before = Object.prototype.hasOwnProperty.call(saved, name) ? saved[name] : undefined;
    if (before !== value) {
      edits.push({ name, value, before });
    }
  }
  for (const [name, before] of Object.entries(saved)) {
    if (!kept.has(name)) {
      edits.push({ name, value: null, before });
    }
  }
  return edits;
}

/**
 * The key a row's problems are filed under: `section.name` (as the service names them), or, for a
 * row with no name yet, a key no valid name can make (names have no spaces).
 */
export function rowErrorKey(section: string, row: MapRow): string {
  const name = row.name.trim();
  return name ? `${section}.${name}` : `${section}. #${row.id}`;
}

/**
 * What is wrong with the rows before anything is sent: a value without a name, a name without a
 * value, a name with spaces, or a name used twice. The rest of the rules (length, characters) are the
 * service's, whose reasons show the same way.
 */
export function mapProblems(section: string, rows: MapRow[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (row: MapRow, text: string) => {
    const key = rowErrorKey(section, row);
    const list = (problems[key] ??= []);
    if (!list.includes(text)) {
      list.push(text);
    }
  };
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (!isBlank(row)) {
      const name = row.name.trim();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  for (const row of rows) {
    if (isBlank(row)) {
      continue;
    }
    const name = row.name.trim();
    if (name === '') {
      add(row, t('config.map.bad.noname'));
      continue;
    }
    if (/\s/.test(name)) {
      add(row, t('config.map.bad.space'));
    }
    if ((counts.get(name) ?? 0) > 1) {
      add(row, t('config.map.bad.twice', { name }));
    }
    if (row.value.trim() === '') {
      add(row, t('config.map.bad.novalue'));
    }
  }
  return problems;
}
