import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes, t } from '../../i18n';
import '../../i18n/imagine';
import { call, PublicError } from '../api';
import { PromptField, SelectField } from '../fields';
import { StatCard } from '../../ui/StatCard';
import { fromBase64, saveAs, zip } from '../zip';

const ratios = ['2:3', '1:1', '3:2', '16:9', '9:16'] as const;
const modes = ['auto', 'ws', 'sse'] as const;
type Mode = (typeof modes)[number];
type Stage = 'preview' | 'medium' | 'final';

interface ImagineConfig {
  final_min_bytes: number;
  medium_min_bytes: number;
  nsfw: boolean;
}

/** One image of the grid: the latest stage received for its id. */
interface Picture {
  id: string;
  src: string;
  ext: string;
  b64: string;
  stage: Stage;
  bytes: number;
  order: number;
  /** The task's aspect ratio, for the box shown when the browser cannot draw the image. */
  ratio: string;
  /** The browser could not decode it. */
  broken?: boolean;
}

interface TaskState {
  id: string;
  ratio: string;
  transport: 'ws' | 'sse';
  status: 'connecting' | 'running' | 'stopped';
}

interface Connection {
  close(sendStop: boolean): void;
}

type ImagineEvent =
  | { type: 'status'; status: 'running' | 'stopped'; run_id?: string }
  | { type: 'image'; run_id?: string; image_id?: string; stage?: Stage; b64_json?: string; bytes?: number }
  | { type: 'error'; code?: string; message?: string; run_id?: string };

function kindOf(b64: string): { mime: string; ext: string } {
  if (b64.startsWith('iVBOR')) return { mime: 'image/png', ext: 'png' };
  if (b64.startsWith('UklGR')) return { mime: 'image/webp', ext: 'webp' };
  return { mime: 'image/jpeg', ext: 'jpg' };
}

/** The waterfall: 1 to 3 parallel generation loops over the WebSocket or server-sent events, their images as they come. */
export function Imagine() {
  const [prompt, setPrompt] = useState('');
  const [ratio, setRatio] = useState<(typeof ratios)[number]>('2:3');
  const [parallel, setParallel] = useState(1);
  const [nsfw, setNsfw] = useState(false);
  const [newestFirst, setNewestFirst] = useState(true);
  const [hideSmall, setHideSmall] = useState(false);
  const [mode, setMode] = useState<Mode>('auto');
  const [config, setConfig] = useState<ImagineConfig | null>(null);
  const [tasks, setTasks] = useState<TaskState[]>([]);
  const [pictures, setPictures] = useState<Picture[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<{ id: number; text: string }[]>([]);
  const [starting, setStarting] = useState(false);
  const [times, setTimes] = useState<number[]>([]);
  const connections = useRef(new Map<string, Connection>());
  /** The aspect ratio each task was started with. */
  const ratioOf = useRef(new Map<string, string>());
  /** The tasks started and not yet stopped through the API. */
  const live = useRef(new Set<string>());
  const runStarts = useRef(new Map<string, number>());
  const finals = useRef(new Set<string>());
  const nextOrder = useRef(0);
  const nextError = useRef(0);

  useEffect(() => {
    call<ImagineConfig>('GET', '/v1/public/imagine/config')
      .then((answer) => {
        setConfig(answer);
        setNsfw(answer.nsfw === true);
      })
      .catch(() => setConfig({ final_min_bytes: 0, medium_min_bytes: 0, nsfw: false }));
    const leave = () => stopAll();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      stopAll();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function addError(text: string) {
    const id = nextError.current++;
    setErrors((list) => [...list.slice(-4), { id, text }]);
  }

  function setTask(id: string, change: Partial<TaskState>) {
    setTasks((list) => list.map((task) => (task.id === id ? { ...task, ...change } : task)));
  }

  function handle(taskId: string, event: ImagineEvent) {
    if (event.type === 'status') {
      if (event.status === 'running') {
        if (event.run_id) runStarts.current.set(event.run_id, performance.now());
        setTask(taskId, { status: 'running' });
      } else {
        setTask(taskId, { status: 'stopped' });
        connections.current.get(taskId)?.close(false);
        connections.current.delete(taskId);
      }
    } else if (event.type === 'image' && event.b64_json) {
      const b64 = event.b64_json;
      const id = event.image_id || `${taskId}-${nextOrder.current}`;
      const { mime, ext } = kindOf(b64);
      const stage: Stage = event.stage ?? 'final';
      const bytes = typeof event.bytes === 'number' ? event.bytes : Math.floor((b64.length * 3) / 4);
      setTask(taskId, { status: 'running' });
      setPictures((list) => {
        const at = list.findIndex((item) => item.id === id);
        const ratio = ratioOf.current.get(taskId) ?? '1:1';
        const picture: Picture = { id, src: `data:${mime};base64,${b64}`, ext, b64, stage, bytes, ratio, order: at >= 0 ? list[at].order : nextOrder.current++ };
        return at >= 0 ? list.map((item, index) => (index === at ? picture : item)) : [...list, picture];
      });
      if (stage === 'final' && !finals.current.has(id)) {
        finals.current.add(id);
        const started = event.run_id ? runStarts.current.get(event.run_id) : undefined;
        if (started !== undefined) setTimes((list) => [...list, performance.now() - started]);
      }
    } else if (event.type === 'error') {
      addError(event.code === 'rate_limit_exceeded' ? t('imagine.error.noToken') : t('imagine.error.round', { message: event.message || event.code || '?' }));
    }
  }

  function parse(taskId: string, data: string) {
    try {
      handle(taskId, JSON.parse(data) as ImagineEvent);
    } catch {
      // A line that is not an event: nothing to show.
    }
  }

  function openSse(taskId: string) {
    setTask(taskId, { transport: 'sse', status: 'connecting' });
    const source = new EventSource(`/v1/public/imagine/sse?task_id=${encodeURIComponent(taskId)}`);
    source.onmessage = (message) => parse(taskId, message.data as string);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setTask(taskId, { status: 'stopped' });
        connections.current.delete(taskId);
      }
    };
    connections.current.set(taskId, { close: () => source.close() });
  }

  function openWs(taskId: string, fallback: boolean) {
    setTask(taskId, { transport: 'ws', status: 'connecting' });
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    let socket: WebSocket;
    try {
      socket = new WebSocket(`${scheme}://${window.location.host}/v1/public/imagine/ws?task_id=${encodeURIComponent(taskId)}`);
    } catch {
      if (fallback) openSse(taskId);
      return;
    }
    let opened = false;
    let closing = false;
    // A socket opened with a task id runs that task's loop at once (a "start" message would begin
    // another session in its place); "stop" ends it.
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (message) => parse(taskId, message.data as string);
    socket.onclose = () => {
      if (!opened && fallback && !closing) {
        openSse(taskId);
        return;
      }
      if (connections.current.get(taskId) === connection) connections.current.delete(taskId);
      setTask(taskId, { status: 'stopped' });
    };
    const connection: Connection = {
      close(sendStop) {
        closing = true;
        if (sendStop && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'stop' }));
        socket.close();
      },
    };
    connections.current.set(taskId, connection);
  }

  async function start(event: Event) {
    event.preventDefault();
    const text = prompt.trim();
    if (!text || starting) return;
    stopAll();
    setStarting(true);
    setErrors([]);
    const body = { prompt: text, aspect_ratio: ratio, nsfw };
    const started: TaskState[] = [];
    try {
      for (let i = 0; i < parallel; i++) {
        const answer = await call<{ task_id: string }>('POST', '/v1/public/imagine/start', body);
        live.current.add(answer.task_id);
        ratioOf.current.set(answer.task_id, ratio);
        started.push({ id: answer.task_id, ratio, transport: mode === 'sse' ? 'sse' : 'ws', status: 'connecting' });
      }
    } catch (e) {
      const failure = e as PublicError;
      addError(failure.code === 'too_many_sessions' || failure.status === 429 ? t('imagine.error.sessions', { seconds: failure.retryAfter ?? 30 }) : failure.message);
    } finally {
      setStarting(false);
    }
    setTasks(started);
    for (const task of started) {
      if (mode === 'sse') openSse(task.id);
      else openWs(task.id, mode === 'auto');
    }
  }

  /** Closes every connection and ends the tasks on the service (also when the page is left). */
  function stopAll() {
    connections.current.forEach((connection) => connection.close(true));
    connections.current.clear();
    const ids = [...live.current];
    live.current.clear();
    if (ids.length) void call('POST', '/v1/public/imagine/stop', { task_ids: ids }, { keepalive: true, quiet401: true }).catch(() => undefined);
    setTasks((list) => list.map((task) => ({ ...task, status: 'stopped' })));
  }

  const threshold = (picture: Picture) => (picture.stage === 'final' ? (config?.final_min_bytes ?? 0) : (config?.medium_min_bytes ?? 0));
  const shown = pictures.filter((picture) => !hideSmall || picture.bytes >= threshold(picture)).sort((a, b) => (newestFirst ? b.order - a.order : a.order - b.order));
  const active = tasks.filter((task) => task.status !== 'stopped').length;
  const average = times.length ? times.reduce((sum, value) => sum + value, 0) / times.length / 1000 : null;
  const chosen = shown.filter((picture) => selected.has(picture.id));

  function markBroken(id: string, src: string) {
    // Only this version: a later stage of the same image gets its own chance.
    setPictures((list) => list.map((item) => (item.id === id && item.src === src ? { ...item, broken: true } : item)));
  }

  function toggle(id: string) {
    setSelected((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function download() {
    if (!chosen.length) return;
    if (chosen.length === 1) {
      saveAs(chosen[0].src, `imagine-${chosen[0].id}.${chosen[0].ext}`);
      return;
    }
    const archive = zip(chosen.map((picture) => ({ name: `imagine-${picture.id}.${picture.ext}`, data: fromBase64(picture.b64) })));
    const url = URL.createObjectURL(archive);
    saveAs(url, `imagine-${Date.now()}.zip`);
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div class="pg-page">
      <h1>{t('imagine.title')}</h1>
      <form class="card pg-form" onSubmit={start} aria-label={t('imagine.form')}>
        <PromptField
          id="imagine-prompt"
          label={t('imagine.prompt')}
          placeholder={t('imagine.prompt.placeholder')}
          value={prompt}
          onInput={setPrompt}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void start(e);
          }}
        />
        <SelectField id="imagine-ratio" label={t('imagine.ratio')} value={ratio} options={ratios} onChange={setRatio} />
        <SelectField id="imagine-parallel" label={t('imagine.parallel')} value={parallel} options={[1, 2, 3]} onChange={setParallel} />
        <SelectField id="imagine-mode" label={t('imagine.mode')} value={mode} options={modes} text={(value) => (value === 'auto' ? t('imagine.mode.auto') : value === 'ws' ? 'WebSocket' : 'SSE')} onChange={setMode} />
        <div class="pg-checks pg-wide">
          <label class="pg-check">
            <input type="checkbox" data-testid="imagine-nsfw" checked={nsfw} onChange={(e) => setNsfw((e.target as HTMLInputElement).checked)} />
            {t('imagine.nsfw')}
          </label>
          <label class="pg-check">
            <input type="checkbox" data-testid="imagine-newest" checked={newestFirst} onChange={(e) => setNewestFirst((e.target as HTMLInputElement).checked)} />
            {t('imagine.newest')}
          </label>
          <label class="pg-check">
            <input type="checkbox" data-testid="imagine-filter" checked={hideSmall} onChange={(e) => setHideSmall((e.target as HTMLInputElement).checked)} />
            {config && (config.final_min_bytes || config.medium_min_bytes)
              ? t('imagine.filter.sizes', { final: formatBytes(config.final_min_bytes), medium: formatBytes(config.medium_min_bytes) })
              : t('imagine.filter')}
          </label>
        </div>
        <div class="row pg-wide">
          <button type="submit" class="primary" data-testid="imagine-start" disabled={starting || active > 0 || !prompt.trim()}>
            {starting ? t('imagine.starting') : t('imagine.start')}
          </button>
          <button type="button" class="danger" data-testid="imagine-stop" disabled={active === 0} onClick={stopAll}>
            {t('imagine.stop')}
          </button>
          <span class="muted small" data-testid="imagine-state" data-state={active > 0 ? 'running' : 'idle'}>
            {active > 0 ? t('imagine.state.running', { count: active, mode: tasks.map((task) => task.transport.toUpperCase()).filter((v, i, a) => a.indexOf(v) === i).join('/') }) : t('imagine.state.idle')}
          </span>
        </div>
      </form>

      {errors.length ? (
        <div class="card pg-errors" role="alert" data-testid="imagine-errors">
          {errors.map((error) => (
            <p key={error.id} class="error" data-testid="imagine-error">
              {error.text}
            </p>
          ))}
        </div>
      ) : null}

      <div class="grid pg-stats">
        <StatCard name="images" label={t('imagine.stat.images')} value={pictures.length} />
        <StatCard name="active" label={t('imagine.stat.active')} value={active} />
        <StatCard name="average" label={t('imagine.stat.average')} value={average === null ? '—' : t('imagine.seconds', { value: average.toFixed(1) })} />
      </div>

      <div class="pg-toolbar">
        <span class="muted small" data-testid="imagine-selected">
          {t('imagine.selected', { count: chosen.length, total: shown.length })}
        </span>
        <div class="row">
          <button type="button" class="sm" data-testid="imagine-select-all" disabled={!shown.length} onClick={() => setSelected(new Set(shown.map((p) => p.id)))}>
            {t('imagine.selectAll')}
          </button>
          <button type="button" class="sm" data-testid="imagine-select-none" disabled={!chosen.length} onClick={() => setSelected(new Set())}>
            {t('imagine.selectNone')}
          </button>
          <button type="button" class="sm primary" data-testid="imagine-download" disabled={!chosen.length} onClick={download}>
            {chosen.length > 1 ? t('imagine.downloadZip', { count: chosen.length }) : t('imagine.download')}
          </button>
        </div>
      </div>

      {shown.length === 0 ? (
        <p class="empty pg-empty" data-testid="imagine-empty">
          {pictures.length ? t('imagine.empty.filtered') : active ? t('imagine.empty.waiting') : t('imagine.empty')}
        </p>
      ) : (
        <ul class="pg-waterfall" data-testid="imagine-grid" aria-label={t('imagine.grid')}>
          {shown.map((picture, index) => (
            <li key={picture.id} class={`pg-tile${selected.has(picture.id) ? ' is-selected' : ''}`} data-testid="imagine-image" data-id={picture.id} data-stage={picture.stage}>
              {picture.broken ? (
                <div class={`pg-broken pg-ratio-${picture.ratio.replace(':', '-')}`} role="img" aria-label={t('imagine.image.alt', { n: index + 1 })}>
                  <span>{t('imagine.broken')}</span>
                </div>
              ) : (
                <img src={picture.src} alt={t('imagine.image.alt', { n: index + 1 })} loading="lazy" onError={() => markBroken(picture.id, picture.src)} />
              )}
              <div class="pg-tile-bar">
                <label class="pg-check small">
                  <input type="checkbox" data-testid="imagine-select" checked={selected.has(picture.id)} onChange={() => toggle(picture.id)} />
                  <span class="visually-hidden">{t('imagine.select', { n: index + 1 })}</span>
                  <span aria-hidden="true">{t(`imagine.stage.${picture.stage}`)}</span>
                </label>
                <span class="muted small">{formatBytes(picture.bytes)}</span>
                <a class="small" href={picture.src} download={`imagine-${picture.id}.${picture.ext}`} aria-label={t('imagine.saveOne', { n: index + 1 })}>
                  {t('imagine.save')}
                </a>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
