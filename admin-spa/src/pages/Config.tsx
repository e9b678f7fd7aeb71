import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t, useLang } from '../i18n';
import '../i18n/config';
import type { ConfigKeySchema, ConfigSchema, ConfigTree, ConfigValue } from '../types';
import { randomKey } from '../ui/randomKey';
import { setLeaveGuard } from '../router';
import { toast } from '../ui/toast';
import { describe, Field, type SecretState } from './config/Field';
import { MapSection } from './config/MapSection';
import { type MapEdit, type MapRow, mapEdits, mapProblems, rowsOf, savedEntries } from './config/mapRows';
import { describeValue, type FormValue, fromForm, hasMaskedCredentials, pathOf, toForm } from './config/model';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; schema: ConfigSchema; config: ConfigTree };

/** A copy of `record` without `key` (the record itself is left as it is, as state must be). */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

/** One pending change, ready to send. */
interface Change {
  section: string;
  key: ConfigKeySchema;
  value: ConfigValue;
}

/**
 * The config page: every section and key from GET /v1/admin/config/schema with the input its kind
 * calls for, the effective values from GET /v1/admin/config (secrets masked; "reveal" asks for one in
 * clear, "generate" fills a random one that applies only when saved), and a save that sends exactly
 * the changed keys and shows the service's validation errors next to each key. A map section
 * (`[model_alias]`: free names, no fixed keys) is edited as rows of name and value; its save sends the
 * names set or changed, and null for the names removed.
 */
export function Config() {
  useLang();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [drafts, setDrafts] = useState<Record<string, FormValue>>({});
  /** The rows of each map section being edited; a section not here shows its saved entries. */
  const [mapDrafts, setMapDrafts] = useState<Record<string, MapRow[]>>({});
  const [secrets, setSecrets] = useState<Record<string, SecretState>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const [schema, config] = await Promise.all([api<ConfigSchema>('GET', '/v1/admin/config/schema'), api<ConfigTree>('GET', '/v1/admin/config')]);
      setLoaded({ state: 'ready', schema, config });
    } catch (e) {
      setLoaded({ state: 'failed', message: (e as Error).message });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  const keys = useMemo(() => {
    const all: { section: string; key: ConfigKeySchema }[] = [];
    if (loaded.state === 'ready') {
      for (const section of loaded.schema.sections) {
        for (const key of section.keys) {
          all.push({ section: section.section, key });
        }
      }
    }
    return all;
  }, [loaded]);

  function originalOf(section: string, key: string): ConfigValue | undefined {
    return loaded.state === 'ready' ? loaded.config[section]?.[key] : undefined;
  }

  /** The text a key's input shows now. */
  function formOf(section: string, key: ConfigKeySchema): FormValue {
    const path = pathOf(section, key.key);
    if (path in drafts) {
      return drafts[path];
    }
    if (key.kind === 'secret') {
      return secrets[path]?.revealed ?? '';
    }
    return toForm(key, originalOf(section, key.key));
  }

  function isDirty(section: string, key: ConfigKeySchema): boolean {
    const path = pathOf(section, key.key);
    if (!(path in drafts)) {
      return false;
    }
    const draft = drafts[path];
    if (key.kind === 'secret') {
      // A secret not revealed is unknown here: an empty input means "unchanged".
      const revealed = secrets[path]?.revealed;
      return revealed === undefined ? draft !== '' : draft !== revealed;
    }
    return draft !== toForm(key, originalOf(section, key.key));
  }

  const dirtyKeys = keys.filter(({ section, key }) => isDirty(section, key));

  const mapSections = loaded.state === 'ready' ? loaded.schema.sections.filter((section) => section.map) : [];

  function savedMapOf(section: string): Record<string, string> {
    return loaded.state === 'ready' ? savedEntries(loaded.config[section]) : {};
  }

  /** The rows a map section shows now: the edited ones, or one per saved entry. */
  const rowsBySection = useMemo(() => {
    const rows: Record<string, MapRow[]> = {};
    for (const section of mapSections) {
      rows[section.section] = mapDrafts[section.section] ?? rowsOf(savedMapOf(section.section));
    }
    return rows;
    // The saved rows are rebuilt only when the config or the edits change, so row identities stay put.
  }, [loaded, mapDrafts]);

  const mapChanges: { section: string; edits: MapEdit[] }[] = mapSections.map((section) => ({
    section: section.section,
    edits: mapDrafts[section.section] ? mapEdits(savedMapOf(section.section), mapDrafts[section.section]) : [],
  }));
  const unsaved = dirtyKeys.length + mapChanges.reduce((sum, change) => sum + change.edits.length, 0);

  useEffect(() => {
    if (unsaved === 0) {
      return;
    }
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = t('config.leave');
    };
    window.addEventListener('beforeunload', warn);
    // Moving to another page of the app would drop the drafts as surely as a reload: ask first.
    setLeaveGuard(() => window.confirm(t('config.leave')));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setLeaveGuard(null);
    };
  }, [unsaved]);

  function setDraft(path: string, value: FormValue) {
    setDrafts((current) => ({ ...current, [path]: value }));
  }

  function undo(path: string) {
    setDrafts((current) => without(current, path));
    setSecrets((current) => (current[path] ? { ...current, [path]: { ...current[path], generated: false } } : current));
    setErrors((current) => without(current, path));
  }

  function setRows(section: string, rows: MapRow[]) {
    setMapDrafts((current) => ({ ...current, [section]: rows }));
  }

  function undoMap(section: string) {
    setMapDrafts((current) => without(current, section));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== section && !key.startsWith(`${section}.`))));
  }

  function reset() {
    setDrafts({});
    setMapDrafts({});
    setErrors({});
    setOtherErrors([]);
    setSecrets((current) => Object.fromEntries(Object.entries(current).map(([path, state]) => [path, { ...state, generated: false, visible: state.revealed !== undefined && state.visible }])));
  }

  async function reveal(path: string) {
    try {
      const answer = await api<{ value: string }>('POST', '/v1/admin/config/reveal', { key: path });
      setSecrets((current) => ({ ...current, [path]: { revealed: answer.value, visible: true, generated: false } }));
      // An edit made before revealing stays; otherwise the input now shows the saved value.
    } catch (e) {
      toast(t('config.secret.reveal.failed', { key: path, message: (e as Error).message }), 'error');
    }
  }

  function hide(path: string) {
    setSecrets((current) => ({ ...current, [path]: { ...(current[path] ?? { generated: false }), visible: false } }));
  }

  function generate(path: string) {
    setDraft(path, randomKey(32));
    setSecrets((current) => ({ ...current, [path]: { ...(current[path] ?? {}), visible: true, generated: true } }));
  }

  async function save() {
    if (loaded.state !== 'ready' || unsaved === 0) {
      return;
    }
    const clientErrors: Record<string, string[]> = {};
    const changes: Change[] = [];
    for (const { section, key } of dirtyKeys) {
      const path = pathOf(section, key.key);
      const form = drafts[path];
      if (key.kind === 'string' && typeof form === 'string' && hasMaskedCredentials(form)) {
        clientErrors[path] = [t('config.url.masked')];
        continue;
      }
      const parsed = fromForm(key, form);
      if (parsed.ok) {
        changes.push({ section, key, value: parsed.value });
      } else {
        clientErrors[path] = [parsed.error];
      }
    }
    for (const section of mapSections) {
      const rows = mapDrafts[section.section];
      if (rows) {
        Object.assign(clientErrors, mapProblems(section.section, rows));
      }
    }
    setOtherErrors([]);
    if (Object.keys(clientErrors).length > 0) {
      setErrors(clientErrors);
      focusFirstError(Object.keys(clientErrors));
      return;
    }

    const patch: Record<string, Record<string, ConfigValue>> = {};
    for (const change of changes) {
      (patch[change.section] ??= {})[change.key.key] = change.value;
    }
    for (const { section, edits } of mapChanges) {
      for (const edit of edits) {
        (patch[section] ??= {})[edit.name] = edit.value;
      }
    }

    setBusy(true);
    try {
      const config = await api<ConfigTree>('PATCH', '/v1/admin/config', patch);
      const summary = changes
        .map((change) => {
          const path = pathOf(change.section, change.key.key);
          return change.key.kind === 'secret'
            ? t('config.saved.secret', { key: path })
            : `${path}: ${describeValue(loaded.config[change.section]?.[change.key.key])} → ${describeValue(change.value)}`;
        })
        .concat(mapChanges.flatMap(({ section, edits }) => edits.map((edit) => `${pathOf(section, edit.name)}: ${describeValue(edit.before)} → ${describeValue(edit.value)}`)))
        .join('; ');
      setLoaded({ state: 'ready', schema: loaded.schema, config });
      setSecrets((current) => {
        const next = { ...current };
        for (const change of changes) {
          if (change.key.kind === 'secret') {
            const path = pathOf(change.section, change.key.key);
            next[path] = { revealed: String(change.value), visible: false, generated: false };
          }
        }
        return next;
      });
      setDrafts({});
      setMapDrafts({});
      setErrors({});
      toast(t('config.saved', { changes: summary }));

      // A new admin key ends every session, this one included: log in again with it.
      const appKey = changes.find((change) => change.section === 'app' && change.key.key === 'app_key');
      if (appKey) {
        try {
          await api('POST', '/v1/admin/login', { app_key: appKey.value });
          toast(t('config.appkey.relogin'));
        } catch {
          toast(t('config.appkey.relogin.failed'), 'error');
        }
      }
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.errors).length > 0) {
        const inline: Record<string, string[]> = {};
        const other: string[] = [];
        const known = new Set(keys.map(({ section, key }) => pathOf(section, key.key)));
        const mapped = (field: string) => mapSections.some(({ section }) => field === section || field.startsWith(`${section}.`));
        for (const [field, reasons] of Object.entries(e.errors)) {
          if (known.has(field) || mapped(field)) {
            inline[field] = reasons;
          } else {
            other.push(`${field}: ${reasons.join(' ')}`);
          }
        }
        setErrors(inline);
        setOtherErrors(other);
        toast(t('config.save.failed'), 'error');
        focusFirstError(Object.keys(inline));
      } else {
        toast(t('config.save.failed.other', { message: (e as Error).message }), 'error');
      }
    } finally {
      setBusy(false);
    }
  }

  function focusFirstError(paths: string[]) {
    const first = keys.find(({ section, key }) => paths.includes(pathOf(section, key.key)));
    const map = first ? undefined : mapSections.find(({ section }) => paths.some((path) => path === section || path.startsWith(`${section}.`)));
    if (map) {
      requestAnimationFrame(() => {
        const target =
          document.querySelector<HTMLElement>(`[data-testid="config-map-${map.section}"] [aria-invalid="true"]`) ??
          document.querySelector<HTMLElement>(`[data-testid="config-map-add-${map.section}"]`);
        target?.focus();
        target?.scrollIntoView({ block: 'center' });
      });
    }
    if (first) {
      requestAnimationFrame(() => {
        const input = document.querySelector<HTMLElement>(`[data-testid="config-input-${pathOf(first.section, first.key.key)}"]`);
        input?.focus();
        input?.scrollIntoView({ block: 'center' });
      });
    }
  }

  if (loaded.state === 'loading') {
    return <p class="muted">{t('config.loading')}</p>;
  }
  if (loaded.state === 'failed') {
    return (
      <section>
        <h1>{t('config.title')}</h1>
        <p class="error" role="alert">
          {t('config.load.failed', { message: loaded.message })}
        </p>
        <button type="button" onClick={() => void load()}>
          {t('retry')}
        </button>
      </section>
    );
  }

  const needle = filter.trim().toLowerCase();
  const matches = (section: string, key: ConfigKeySchema) =>
    !needle ||
    pathOf(section, key.key).toLowerCase().includes(needle) ||
    describe(pathOf(section, key.key), key.description).toLowerCase().includes(needle) ||
    key.description.toLowerCase().includes(needle);
  // The sections the filter leaves, each with its matching keys (and, for a map section, its rows).
  const shown = loaded.schema.sections
    .map((section) => ({
      section,
      visible: section.keys.filter((key) => matches(section.section, key)),
      rows: section.map ? (rowsBySection[section.section] ?? []) : [],
    }))
    .filter(
      ({ section, visible, rows }) =>
        visible.length > 0 ||
        (section.map &&
          (!needle ||
            section.section.includes(needle) ||
            describe(section.section, section.description).toLowerCase().includes(needle) ||
            section.description.toLowerCase().includes(needle) ||
            rows.some((row) => row.name.toLowerCase().includes(needle) || row.value.toLowerCase().includes(needle)))),
    );

  return (
    <section class="cfg-page">
      <h1>{t('config.title')}</h1>
      <p class="muted">{t('config.intro')}</p>
      <div class="cfg-tools">
        <label class="sr-only" for="cfg-filter">
          {t('config.search')}
        </label>
        <input id="cfg-filter" data-testid="config-filter" type="search" placeholder={t('config.search.placeholder')} value={filter} onInput={(event) => setFilter((event.currentTarget as HTMLInputElement).value)} />
        <nav class="cfg-nav" aria-label={t('config.sections')}>
          {loaded.schema.sections.map((section) => (
            <a key={section.section} href={`#config-section-${section.section}`}>
              {section.section}
            </a>
          ))}
        </nav>
      </div>
      {otherErrors.length > 0 ? (
        <div class="card cfg-alert" role="alert">
          {otherErrors.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      ) : null}
      {/* The service validates (its reasons show next to each key); the browser's own bubbles would hide them. */}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {shown.length === 0 ? (
          <p class="muted" data-testid="config-no-match">
            {t('config.search.none', { text: filter.trim() })}
          </p>
        ) : null}
        {shown.map(({ section, visible, rows }) => {
          const headingId = `config-heading-${section.section}`;
          return (
            <section key={section.section} id={`config-section-${section.section}`} class="card cfg-section" data-testid={`config-section-${section.section}`} aria-labelledby={headingId}>
              <h2 id={headingId}>
                <code>[{section.section}]</code> <span class="cfg-section-desc">{describe(section.section, section.description)}</span>
              </h2>
              {section.section === 'proxy' ? (
                <p class="cfg-warning" role="note">
                  {t('config.proxy.warning')}
                </p>
              ) : null}
              {section.map ? (
                <MapSection
                  section={section.section}
                  map={section.map}
                  rows={rows}
                  changes={mapChanges.find((change) => change.section === section.section)?.edits.length ?? 0}
                  errors={errors}
                  busy={busy}
                  onChange={(next) => setRows(section.section, next)}
                  onUndo={() => undoMap(section.section)}
                />
              ) : null}
              {visible.length > 0 ? <div class="cfg-keys">
                {visible.map((key) => {
                  const path = pathOf(section.section, key.key);
                  return (
                    <Field
                      key={path}
                      section={section.section}
                      spec={key}
                      original={originalOf(section.section, key.key)}
                      value={formOf(section.section, key)}
                      dirty={isDirty(section.section, key)}
                      errors={errors[path] ?? []}
                      secret={secrets[path]}
                      busy={busy}
                      onChange={(value) => setDraft(path, value)}
                      onUndo={() => undo(path)}
                      onReveal={() => void reveal(path)}
                      onHide={() => hide(path)}
                      onGenerate={() => generate(path)}
                    />
                  );
                })}
              </div> : null}
            </section>
          );
        })}
        <div class={`cfg-bar${unsaved > 0 ? ' cfg-bar-dirty' : ''}`}>
          <span class="cfg-bar-status" aria-live="polite" data-testid="config-unsaved" data-count={unsaved}>
            {unsaved > 0 ? t('config.unsaved', { count: unsaved }) : t('config.nochanges')}
          </span>
          <div class="row">
            <button type="button" class="ghost" data-testid="config-reset" disabled={unsaved === 0 || busy} onClick={reset}>
              {t('config.reset')}
            </button>
            <button type="submit" class="primary" data-testid="config-save" disabled={unsaved === 0 || busy}>
              {busy ? t('config.saving') : t('config.save')}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
