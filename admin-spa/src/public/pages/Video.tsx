import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import '../../i18n/video';
import { call, PublicError, sameOriginMedia } from '../api';
import { PromptField, SelectField } from '../fields';
import { percentOf, posterOf, splitThink, videoUrlOf } from '../videoStream';

const ratios = ['3:2', '2:3', '1:1', '16:9', '9:16'] as const;
const lengths = [6, 10, 15] as const;
const resolutions = ['480p', '720p'] as const;
const presets = ['normal', 'fun', 'spicy', 'custom'] as const;
/** The largest reference image read into a data URI. */
const maxImageBytes = 10 * 1024 * 1024;

/** Whether `value` is an absolute http(s) URL (the only kind of reference image link the API takes). */
function isWebUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

type Phase = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'stopped';

interface Chunk {
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null } }[];
  error?: { message?: string; code?: string };
}

/** One video at a time: its settings, the stream's progress and elapsed time, then the player. */
export function Video() {
  const [prompt, setPrompt] = useState('');
  const [imageSource, setImageSource] = useState<'none' | 'file' | 'url'>('none');
  const [imageData, setImageData] = useState<string | null>(null);
  const [imageUrl, setImageUrl] = useState('');
  const [ratio, setRatio] = useState<(typeof ratios)[number]>('3:2');
  const [length, setLength] = useState<(typeof lengths)[number]>(6);
  const [resolution, setResolution] = useState<(typeof resolutions)[number]>('480p');
  const [preset, setPreset] = useState<(typeof presets)[number]>('normal');
  const [showProgress, setShowProgress] = useState(true);
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<{ url: string; poster: string | null } | null>(null);
  const source = useRef<EventSource | null>(null);
  const task = useRef<string | null>(null);
  const startedAt = useRef(0);

  useEffect(() => {
    if (phase !== 'running' && phase !== 'starting') return undefined;
    const timer = window.setInterval(() => setElapsed(Math.floor((performance.now() - startedAt.current) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [phase]);

  useEffect(() => {
    const leave = () => stop(false);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      stop(false);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function stop(show = true) {
    source.current?.close();
    source.current = null;
    const id = task.current;
    task.current = null;
    if (id) {
      void call('POST', '/v1/public/video/stop', { task_ids: [id] }, { keepalive: true, quiet401: true }).catch(() => undefined);
      if (show) setPhase('stopped');
    }
  }

  function readFile(file: File | undefined) {
    setError(null);
    setImageData(null);
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setError(t('video.image.notImage'));
      return;
    }
    if (file.size > maxImageBytes) {
      setError(t('video.image.tooLarge'));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setImageData(typeof reader.result === 'string' ? reader.result : null);
    reader.onerror = () => setError(t('video.image.unreadable'));
    reader.readAsDataURL(file);
  }

  async function start(event: Event) {
    event.preventDefault();
    const text = prompt.trim();
    if (!text || phase === 'running' || phase === 'starting') return;
    const image = imageSource === 'file' ? imageData : imageSource === 'url' ? imageUrl.trim() : null;
    if (imageSource === 'url' && image && !isWebUrl(image)) {
      setError(t('video.image.badUrl'));
      return;
    }
    setError(null);
    setResult(null);
    setProgress(null);
    setNote('');
    setElapsed(0);
    startedAt.current = performance.now();
    setPhase('starting');
    let taskId: string;
    try {
      const answer = await call<{ task_id: string }>('POST', '/v1/public/video/start', {
        prompt: text,
        aspect_ratio: ratio,
        video_length: length,
        resolution_name: resolution,
        preset,
        // The progress comes as reasoning text: asked for here, whatever app.thinking says.
        reasoning_effort: showProgress ? 'low' : 'none',
        ...(image ? { image_url: image } : {}),
      });
      taskId = answer.task_id;
    } catch (e) {
      const failure = e as PublicError;
      setError(failure.status === 429 ? t('video.error.busy', { seconds: failure.retryAfter ?? 30 }) : failure.message);
      setPhase('failed');
      return;
    }
    task.current = taskId;
    setPhase('running');
    let reasoning = '';
    let content = '';
    let finished = false;
    const stream = new EventSource(`/v1/public/video/sse?task_id=${encodeURIComponent(taskId)}`);
    source.current = stream;
    const end = (next: Phase) => {
      finished = true;
      stream.close();
      if (source.current === stream) source.current = null;
      if (task.current === taskId) task.current = null;
      setPhase(next);
    };
    stream.onmessage = (message) => {
      const data = String(message.data);
      if (data === '[DONE]') {
        const { rest } = splitThink(content);
        const url = videoUrlOf(rest);
        if (url) {
          setResult({ url: sameOriginMedia(url), poster: posterOf(rest) });
          setProgress(100);
          end('done');
        } else {
          if (!finished) setError((current) => current ?? t('video.error.noVideo'));
          end('failed');
        }
        return;
      }
      let chunk: Chunk;
      try {
        chunk = JSON.parse(data) as Chunk;
      } catch {
        return;
      }
      if (chunk.error) {
        setError(chunk.error.message || chunk.error.code || t('video.error.generic'));
        setPhase('failed');
        finished = true;
        return;
      }
      const delta = chunk.choices?.[0]?.delta;
      if (delta?.reasoning_content) reasoning += delta.reasoning_content;
      if (delta?.content) content += delta.content;
      if (delta?.reasoning_content || delta?.content?.includes('<think>') || content.includes('<think>')) {
        const thinking = reasoning + splitThink(content).thought;
        const percent = percentOf(thinking);
        if (percent !== null) setProgress(percent);
        const lines = thinking.trim().split('\n');
        setNote(lines[lines.length - 1].slice(0, 200));
      }
    };
    stream.onerror = () => {
      // Never reconnect: the task is spent once its stream was read.
      stream.close();
      if (!finished) {
        setError(t('video.error.stream'));
        end('failed');
      }
    };
  }

  const busy = phase === 'running' || phase === 'starting';

  return (
    <div class="pg-page">
      <h1>{t('video.title')}</h1>
      <form class="card pg-form" onSubmit={start} aria-label={t('video.form')}>
        <PromptField id="video-prompt" label={t('video.prompt')} placeholder={t('video.prompt.placeholder')} value={prompt} onInput={setPrompt} />
        <fieldset class="pg-field pg-wide pg-fieldset">
          <legend>{t('video.image')}</legend>
          <div class="pg-checks">
            {(['none', 'file', 'url'] as const).map((value) => (
              <label key={value} class="pg-check">
                <input type="radio" name="video-image" data-testid={`video-image-${value}`} checked={imageSource === value} onChange={() => setImageSource(value)} />
                {t(`video.image.${value}`)}
              </label>
            ))}
          </div>
          {imageSource === 'file' ? (
            <div class="pg-image-pick">
              <input type="file" accept="image/*" data-testid="video-image-file" aria-label={t('video.image.file.label')} onChange={(e) => readFile((e.target as HTMLInputElement).files?.[0])} />
              {imageData ? <img class="pg-thumb" src={imageData} alt={t('video.image.preview')} /> : null}
            </div>
          ) : null}
          {imageSource === 'url' ? (
            <input
              type="url"
              class="pg-url"
              data-testid="video-image-url"
              aria-label={t('video.image.url.label')}
              placeholder="https://…"
              value={imageUrl}
              onInput={(e) => setImageUrl((e.target as HTMLInputElement).value)}
            />
          ) : null}
        </fieldset>
        <SelectField id="video-ratio" label={t('video.ratio')} value={ratio} options={ratios} onChange={setRatio} />
        <SelectField id="video-length" label={t('video.length')} value={length} options={lengths} text={(value) => t('video.seconds', { value })} onChange={setLength} />
        <SelectField id="video-resolution" label={t('video.resolution')} value={resolution} options={resolutions} onChange={setResolution} />
        <SelectField id="video-preset" label={t('video.preset')} value={preset} options={presets} text={(value) => t(`video.preset.${value}`)} onChange={setPreset} />
        <div class="pg-checks pg-wide">
          <label class="pg-check">
            <input type="checkbox" data-testid="video-show-progress" checked={showProgress} onChange={(e) => setShowProgress((e.target as HTMLInputElement).checked)} />
            {t('video.showProgress')}
          </label>
        </div>
        <div class="row pg-wide">
          <button type="submit" class="primary" data-testid="video-start" disabled={busy || !prompt.trim()}>
            {t('video.start')}
          </button>
          <button type="button" class="danger" data-testid="video-stop" disabled={!busy} onClick={() => stop()}>
            {t('video.stop')}
          </button>
        </div>
      </form>

      {error ? (
        <p class="card error pg-errors" role="alert" data-testid="video-error">
          {error}
        </p>
      ) : null}

      {phase !== 'idle' ? (
        <section class="card pg-progress" aria-labelledby="video-progress-title" data-testid="video-status" data-status={phase}>
          <div class="page-head">
            <h2 id="video-progress-title">{t(`video.phase.${phase}`)}</h2>
            <span class="muted small" data-testid="video-elapsed" data-value={String(elapsed)}>
              {t('video.elapsed', { value: elapsed })}
            </span>
          </div>
          {busy || phase === 'done' ? (
            <progress
              data-testid="video-progress"
              data-value={progress === null ? '' : String(progress)}
              max={100}
              value={progress ?? undefined}
              aria-label={progress === null ? t('video.progress.unknown') : t('video.progress', { value: Math.round(progress) })}
            />
          ) : null}
          <p class="muted small pg-note" aria-live="polite">
            {progress !== null ? t('video.progress', { value: Math.round(progress) }) : busy ? t('video.progress.unknown') : ''}
            {note && busy ? ` · ${note}` : ''}
          </p>
          {result ? (
            <div class="pg-result">
              <video data-testid="video-player" src={result.url} poster={result.poster ? sameOriginMedia(result.poster) : undefined} controls playsInline preload="metadata" />
              <a class="button" data-testid="video-download" href={result.url} download>
                {t('video.download')}
              </a>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
