import { currentLang, formatNumber, t } from '../../i18n';
import { zhDescriptions, zhRules } from '../../i18n/config';
import type { ConfigKeySchema, ConfigValue } from '../../types';
import { toast } from '../../ui/toast';
import { describeValue, type FormValue, hasMaskedCredentials, pathOf } from './model';

/** The state of a secret's input: whether its value was fetched in clear, or generated here. */
export interface SecretState {
  /** The saved value in clear, after "reveal". */
  revealed?: string;
  /** Whether the input shows its text (after reveal or generate). */
  visible: boolean;
  /** Whether the value was generated and is not saved yet. */
  generated: boolean;
}

/** The description of a section or key in the current language (the schema's English when no translation exists). */
export function describe(path: string, fallback: string): string {
  return currentLang() === 'zh' ? (zhDescriptions[path] ?? fallback) : fallback;
}

/** A rule in words in the current language (the schema's English when no translation exists). */
function describeRule(rule: string): string {
  return currentLang() === 'zh' ? (zhRules[rule] ?? rule) : rule;
}

function idOf(path: string): string {
  return `cfg-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function constraints(key: ConfigKeySchema): string[] {
  const notes: string[] = [];
  if (key.kind !== 'secret') {
    const empty = key.default === '' || (Array.isArray(key.default) && key.default.length === 0) || (key.default && typeof key.default === 'object' && !Array.isArray(key.default) && Object.keys(key.default).length === 0);
    notes.push(
      empty
        ? t('config.default.empty')
        : t('config.default', { value: key.kind === 'bool' ? t(key.default ? 'config.on' : 'config.off') : describeValue(key.default, 120) }),
    );
  }
  const item = key.kind === 'list' || key.kind === 'table';
  if (key.min !== null && key.max !== null) {
    notes.push(t(item ? 'config.range.items' : 'config.range', { min: formatNumber(key.min), max: formatNumber(key.max) }));
  } else if (key.min !== null) {
    notes.push(t('config.range.min', { min: formatNumber(key.min) }));
  } else if (key.max !== null) {
    notes.push(t('config.range.max', { max: formatNumber(key.max) }));
  }
  if (key.kind === 'list') {
    notes.push(t('config.list.hint'));
  }
  if (key.kind === 'table') {
    notes.push(t('config.table.hint'));
  }
  if (key.required) {
    notes.push(t('config.required'));
  }
  return notes;
}

/**
 * One key: its name, description, the input its kind calls for (toggle, number with limits, select,
 * textarea with one item per line, or a secret with reveal and generate), its default and limits,
 * and its validation errors inline.
 */
export function Field(props: {
  section: string;
  spec: ConfigKeySchema;
  original: ConfigValue | undefined;
  value: FormValue;
  dirty: boolean;
  errors: string[];
  secret?: SecretState;
  busy: boolean;
  onChange: (value: FormValue) => void;
  onUndo: () => void;
  onReveal: () => void;
  onHide: () => void;
  onGenerate: () => void;
}) {
  const { spec, section } = props;
  const path = pathOf(section, spec.key);
  const id = idOf(path);
  const descId = `${id}-desc`;
  const errId = `${id}-err`;
  const describedBy = props.errors.length > 0 ? `${descId} ${errId}` : descId;
  const testId = `config-input-${path}`;
  const invalid = props.errors.length > 0 ? true : undefined;
  const text = typeof props.value === 'string' ? props.value : '';
  const onText = (event: Event) => props.onChange((event.currentTarget as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value);
  // Whatever the element, a text-valued control is tied alike to the label, the description, the errors and the draft.
  const bound = { id, 'data-testid': testId, value: text, 'aria-describedby': describedBy, 'aria-invalid': invalid };
  const maskedUrl = spec.kind === 'string' && typeof props.original === 'string' && hasMaskedCredentials(props.original);

  let control;
  switch (spec.kind) {
    case 'bool':
      control = (
        <label class="cfg-switch">
          <input
            id={id}
            type="checkbox"
            role="switch"
            data-testid={testId}
            checked={props.value === true}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(event) => props.onChange((event.currentTarget as HTMLInputElement).checked)}
          />
          <span>{props.value === true ? t('config.on') : t('config.off')}</span>
        </label>
      );
      break;
    case 'int':
    case 'number':
      control = (
        <input
          type="number"
          inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
          step={spec.kind === 'int' ? 1 : 'any'}
          min={spec.min ?? undefined}
          max={spec.max ?? undefined}
          {...bound}
          onInput={onText}
        />
      );
      break;
    case 'enum': {
      const values = spec.values ?? [];
      control = (
        <select {...bound} onChange={onText}>
          {values.includes(text) ? null : <option value={text}>{text}</option>}
          {values.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'list':
    case 'table':
      control = (
        <textarea {...bound} rows={Math.min(10, Math.max(3, text.split('\n').length + 1))} spellcheck={false} onInput={onText} />
      );
      break;
    case 'secret': {
      const secret = props.secret ?? { visible: false, generated: false };
      const masked = typeof props.original === 'string' ? props.original : '';
      const multiline = text.includes('\n');
      const common = {
        ...bound,
        spellcheck: false,
        autocomplete: 'off',
        placeholder: masked ? t('config.secret.hidden', { masked }) : t('config.secret.unset'),
        onInput: onText,
      };
      control = (
        <div class="cfg-secret">
          {multiline && secret.visible ? <textarea rows={3} {...common} /> : <input type={secret.visible ? 'text' : 'password'} {...common} />}
          <div class="row">
            {secret.visible ? (
              <button type="button" aria-label={t('config.secret.hide.label', { key: path })} onClick={props.onHide}>
                {t('config.secret.hide')}
              </button>
            ) : (
              <button type="button" aria-label={t('config.secret.reveal.label', { key: path })} disabled={props.busy} onClick={props.onReveal}>
                {t('config.secret.reveal')}
              </button>
            )}
            <button type="button" aria-label={t('config.secret.generate.label', { key: path })} onClick={props.onGenerate}>
              {t('config.secret.generate')}
            </button>
            {secret.visible && text ? (
              <button
                type="button"
                aria-label={t('config.secret.copy.label', { key: path })}
                onClick={() =>
                  void navigator.clipboard.writeText(text).then(
                    () => toast(t('config.secret.copied', { key: path })),
                    () => toast(t('config.secret.copy.failed'), 'error'),
                  )
                }
              >
                {t('config.secret.copy')}
              </button>
            ) : null}
          </div>
        </div>
      );
      break;
    }
    default:
      // Free text: a value with line breaks gets a textarea so it round-trips exactly.
      control = text.includes('\n') ? (
        <textarea {...bound} rows={4} spellcheck={false} onInput={onText} />
      ) : (
        <input type="text" {...bound} spellcheck={false} onInput={onText} />
      );
  }

  return (
    <div class={`cfg-key${props.dirty ? ' cfg-dirty' : ''}${props.errors.length > 0 ? ' cfg-invalid' : ''}`} id={`${id}-row`}>
      <div class="cfg-head">
        <label for={id}>
          <code>{spec.key}</code>
        </label>
        {props.dirty ? (
          <>
            <span class="badge badge-changed">{t('config.changed')}</span>
            <button type="button" class="ghost small" aria-label={t('config.undo.label', { key: path })} onClick={props.onUndo}>
              {t('config.undo')}
            </button>
          </>
        ) : null}
      </div>
      <p class="cfg-desc" id={descId}>
        {describe(path, spec.description)}
        {spec.constraint ? <span class="muted"> ({describeRule(spec.constraint)})</span> : null}
      </p>
      <div class="cfg-control">{control}</div>
      <p class="cfg-meta muted">{constraints(spec).join(' · ')}</p>
      {props.secret?.generated && props.dirty ? <p class="cfg-note">{t('config.secret.generated')}</p> : null}
      {maskedUrl && props.dirty ? <p class="cfg-note">{t('config.url.masked')}</p> : null}
      {props.errors.length > 0 ? (
        <p class="cfg-error" id={errId} role="alert" data-testid={`config-error-${path}`}>
          {props.errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
