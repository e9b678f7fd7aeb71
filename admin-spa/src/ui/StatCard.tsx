import type { ComponentChildren } from 'preact';
import { formatNumber } from '../i18n';

/** A number with its label; the value carries data-testid `stat-<name>` for the browser tests. */
export function StatCard(props: { name: string; label: string; value: number | string; hint?: ComponentChildren; tone?: 'ok' | 'warn' | 'bad' }) {
  const shown = typeof props.value === 'number' ? formatNumber(props.value) : props.value;
  return (
    <div class={`card stat ${props.tone ? `stat-${props.tone}` : ''}`}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value" data-testid={`stat-${props.name}`} data-value={String(props.value)}>
        {shown}
      </div>
      {props.hint ? <div class="stat-hint">{props.hint}</div> : null}
    </div>
  );
}
