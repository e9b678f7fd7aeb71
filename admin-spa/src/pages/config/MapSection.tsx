import { currentLang, t } from '../../i18n';
import { zhRules } from '../../i18n/config';
import type { ConfigMapSchema } from '../../types';
import { emptyRow, type MapRow, rowErrorKey } from './mapRows';

function rule(text: string): string {
  return currentLang() === 'zh' ? (zhRules[text] ?? text) : text;
}

/**
 * The body of a map section (`[model_alias]`): one row per entry with its name and value, a button
 * to remove a row and one to add a row, the rules for names and values, and the problems found (by
 * the page or the service) next to the row they name, or above the rows when no row holds the name.
 */
export function MapSection(props: {
  section: string;
  map: ConfigMapSchema;
  rows: MapRow[];
  /** How many names the rows change (set or remove). */
  changes: number;
  /** Every problem of the page, by key (`section.name`, `section`, …); this section shows its own. */
  errors: Record<string, string[]>;
  busy: boolean;
  onChange: (rows: MapRow[]) => void;
  onUndo: () => void;
}) {
  const { section, rows } = props;
  const prefix = `${section}.`;
  const rowKeys = new Set(rows.map((row) => rowErrorKey(section, row)));
  // Problems naming no row on the page (a removed name, or the section as a whole) show above the rows.
  const loose = Object.entries(props.errors)
    .filter(([key]) => key === section || (key.startsWith(prefix) && !rowKeys.has(key)))
    .map(([key, reasons]) => (key === section ? reasons.join(' ') : `${key.slice(prefix.length)}: ${reasons.join(' ')}`));
  const ruleId = `cfg-map-${section}-rules`;

  function update(id: number, change: Partial<MapRow>) {
    props.onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  }

  function remove(index: number) {
    const next = rows.filter((_, i) => i !== index);
    props.onChange(next);
    // Focus stays in the list: the row that took this place, the one before, or the add button.
    requestAnimationFrame(() => {
      const target = next[Math.min(index, next.length - 1)];
      const selector = target ? `#cfg-map-${section}-${target.id}-name` : `[data-testid="config-map-add-${section}"]`;
      document.querySelector<HTMLElement>(selector)?.focus();
    });
  }

  function add() {
    const row = emptyRow();
    props.onChange([...rows, row]);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`#cfg-map-${section}-${row.id}-name`)?.focus());
  }

  return (
    <div class={`cfg-map${props.changes > 0 ? ' cfg-dirty' : ''}${loose.length > 0 ? ' cfg-invalid' : ''}`} data-testid={`config-map-${section}`}>
      <div class="cfg-head">
        <span class="muted small" data-testid={`config-map-count-${section}`} data-count={rows.length}>
          {t('config.map.count', { count: rows.length })}
        </span>
        {props.changes > 0 ? (
          <>
            <span class="badge badge-changed">{t('config.changed')}</span>
            <button type="button" class="ghost small" aria-label={t('config.map.undo.label', { section })} onClick={props.onUndo}>
              {t('config.undo')}
            </button>
          </>
        ) : null}
      </div>
      <p class="cfg-meta muted" id={ruleId}>
        {t('config.map.rules', { name: rule(props.map.key_rule), value: rule(props.map.value_rule) })}
      </p>
      {loose.length > 0 ? (
        <div class="cfg-error" role="alert" data-testid={`config-error-${section}`}>
          {loose.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      ) : null}
      {rows.length === 0 ? <p class="muted cfg-map-empty">{t('config.map.empty')}</p> : null}
      {rows.length > 0 ? (
        <div class="cfg-map-head" aria-hidden="true">
          <span>{t('config.map.name')}</span>
          <span>{t('config.map.value')}</span>
          <span />
        </div>
      ) : null}
      <ul class="cfg-map-rows">
        {rows.map((row, index) => {
          const id = `cfg-map-${section}-${row.id}`;
          const problems = props.errors[rowErrorKey(section, row)] ?? [];
          const invalid = problems.length > 0 ? true : undefined;
          const describedBy = problems.length > 0 ? `${ruleId} ${id}-err` : ruleId;
          const n = index + 1;
          // The name and the value are edited alike; the rules and the row's problems describe both.
          const input = (field: 'name' | 'value', placeholder: string, label: string) => (
            <input
              id={`${id}-${field}`}
              type="text"
              class={`cfg-map-${field}`}
              data-testid={`config-map-${field}`}
              spellcheck={false}
              autocomplete="off"
              autocapitalize="off"
              placeholder={placeholder}
              aria-label={label}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={row[field]}
              onInput={(event) => update(row.id, { [field]: (event.currentTarget as HTMLInputElement).value })}
            />
          );
          return (
            <li key={row.id} class={`cfg-map-row${invalid ? ' cfg-invalid' : ''}`} data-testid={`config-map-row-${section}`} data-name={row.name.trim()}>
              {input('name', t('config.map.name.placeholder'), t('config.map.name.label', { n }))}
              {input('value', t('config.map.value.placeholder'), t('config.map.value.label', { n }))}
              <button type="button" class="sm cfg-map-remove" data-testid="config-map-remove" disabled={props.busy} aria-label={t('config.map.remove.label', { n, name: row.name.trim() || '—' })} onClick={() => remove(index)}>
                {t('config.map.remove')}
              </button>
              {problems.length > 0 ? (
                <p class="cfg-error cfg-map-err" id={`${id}-err`} role="alert" data-testid={`config-error-${rowErrorKey(section, row)}`}>
                  {problems.join(' ')}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <button type="button" class="sm" data-testid={`config-map-add-${section}`} disabled={props.busy} onClick={add}>
        {t('config.map.add')}
      </button>
    </div>
  );
}
