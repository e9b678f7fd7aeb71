import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import '../../i18n/voice';
import { call, PublicError } from '../api';
import { SelectField } from '../fields';

const voices = ['ara', 'eve', 'leo', 'rex', 'sal', 'gork'] as const;
const personalities = [
  'assistant',
  'custom',
  'therapist',
  'storyteller',
  'kids_story_time',
  'kids_trivia_game',
  'meditation',
  'doc',
  'unhinged',
  'sexy',
  'motivation',
  'conspiracy',
  'romantic',
  'argumentative',
] as const;
/** How long a connection may take before the page says it failed. */
const connectTimeoutMs = 25_000;

type State = 'idle' | 'token' | 'connecting' | 'connected' | 'disconnected' | 'failed';

interface VoiceToken {
  token: string;
  url: string;
  participant_name?: string;
  room_name?: string;
}

/** Disconnects whatever the current connection holds (the LiveKit room, the audio elements). */
type Hangup = () => void;

/** A voice conversation: a token from the service, then a LiveKit room joined in the browser (the client is loaded only here). */
export function Voice() {
  const [voice, setVoice] = useState<(typeof voices)[number]>('ara');
  const [personality, setPersonality] = useState<(typeof personalities)[number]>('assistant');
  const [speed, setSpeed] = useState(1);
  const [state, setState] = useState<State>('idle');
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [micError, setMicError] = useState<string | null>(null);
  const hangup = useRef<Hangup | null>(null);
  const attempt = useRef(0);
  const audio = useRef<HTMLDivElement>(null);

  useEffect(() => () => disconnect(false), []);

  function disconnect(show = true) {
    attempt.current++;
    hangup.current?.();
    hangup.current = null;
    if (show) setState('disconnected');
  }

  async function connect() {
    const mine = ++attempt.current;
    setError(null);
    setMicError(null);
    setTarget(null);
    setState('token');
    let answer: VoiceToken;
    try {
      const query = new URLSearchParams({ voice, personality, speed: speed.toFixed(1) });
      answer = await call<VoiceToken>('GET', `/v1/public/voice/token?${query}`);
    } catch (e) {
      const failure = e as PublicError;
      if (mine !== attempt.current) return;
      setError(failure.code === 'no_token' ? t('voice.error.noToken') : failure.code === 'upstream_error' ? t('voice.error.upstream') : failure.message);
      setState('failed');
      return;
    }
    if (mine !== attempt.current) return;
    setTarget(answer.url);
    setState('connecting');
    try {
      const { Room, RoomEvent, Track } = await import('livekit-client');
      if (mine !== attempt.current) return;
      const room = new Room({ adaptiveStream: true, dynacast: true });
      const elements: HTMLMediaElement[] = [];
      room.on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind === Track.Kind.Audio) {
          const element = track.attach();
          elements.push(element);
          audio.current?.appendChild(element);
        }
      });
      room.on(RoomEvent.Disconnected, () => {
        if (mine === attempt.current) {
          hangup.current = null;
          setState((current) => (current === 'failed' ? current : 'disconnected'));
        }
      });
      hangup.current = () => {
        elements.forEach((element) => element.remove());
        void room.disconnect();
      };
      let timer = 0;
      const timeout = new Promise<never>((_, reject) => {
        timer = window.setTimeout(() => reject(new Error(t('voice.error.timeout', { seconds: connectTimeoutMs / 1000 }))), connectTimeoutMs);
      });
      try {
        await Promise.race([room.connect(answer.url, answer.token, { maxRetries: 0, websocketTimeout: 10_000, peerConnectionTimeout: 15_000 }), timeout]);
      } finally {
        window.clearTimeout(timer);
      }
      if (mine !== attempt.current) return;
      setState('connected');
      try {
        await room.localParticipant.setMicrophoneEnabled(true);
      } catch (e) {
        setMicError(t('voice.error.mic', { message: (e as Error).message }));
      }
    } catch (e) {
      if (mine !== attempt.current) return;
      hangup.current?.();
      hangup.current = null;
      setError(t('voice.error.connect', { message: (e as Error).message || String(e) }));
      setState('failed');
    }
  }

  const busy = state === 'token' || state === 'connecting';
  const live = busy || state === 'connected';

  return (
    <div class="pg-page">
      <h1>{t('voice.title')}</h1>
      <form
        class="card pg-form"
        aria-label={t('voice.form')}
        onSubmit={(event) => {
          event.preventDefault();
          void connect();
        }}
      >
        <SelectField id="voice-voice" label={t('voice.voice')} value={voice} options={voices} text={(value) => value.charAt(0).toUpperCase() + value.slice(1)} disabled={live} onChange={setVoice} />
        <SelectField id="voice-personality" label={t('voice.personality')} value={personality} options={personalities} text={(value) => t(`voice.p.${value}`)} disabled={live} onChange={setPersonality} />
        <div class="pg-field">
          <label for="voice-speed">{t('voice.speed', { value: speed.toFixed(1) })}</label>
          <input
            id="voice-speed"
            data-testid="voice-speed"
            type="range"
            min={0.5}
            max={2}
            step={0.1}
            value={speed}
            disabled={live}
            aria-valuetext={`${speed.toFixed(1)}×`}
            onInput={(e) => setSpeed(Number((e.target as HTMLInputElement).value))}
          />
        </div>
        <div class="row pg-wide">
          <button type="submit" class="primary" data-testid="voice-connect" disabled={live}>
            {t('voice.connect')}
          </button>
          <button type="button" class="danger" data-testid="voice-disconnect" disabled={!live} onClick={() => disconnect()}>
            {t('voice.disconnect')}
          </button>
        </div>
      </form>

      <section class="card pg-voice-state" aria-labelledby="voice-state-title">
        <h2 id="voice-state-title">{t('voice.state')}</h2>
        <p data-testid="voice-state" data-state={state} aria-live="polite">
          <span class={`badge pg-state-${state}`}>{t(`voice.state.${state}`)}</span>
        </p>
        {target ? (
          <p class="small pg-target">
            {t('voice.target')} <code data-testid="voice-url">{target}</code>
          </p>
        ) : null}
        {error ? (
          <p class="error" role="alert" data-testid="voice-error">
            {error}
          </p>
        ) : null}
        {micError ? (
          <p class="error" role="alert" data-testid="voice-mic-error">
            {micError}
          </p>
        ) : null}
        <p class="muted small">{t('voice.hint')}</p>
        <div ref={audio} class="visually-hidden" />
      </section>
    </div>
  );
}
