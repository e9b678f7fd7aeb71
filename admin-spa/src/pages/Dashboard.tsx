import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { currentLang, formatNumber, formatTime, t, useLang } from '../i18n';
import '../i18n/dashboard';
import './Dashboard.css';
import { hrefOf, navigate } from '../router';
import { StatCard } from '../ui/StatCard';

/** The answer of GET /v1/admin/stats. */
export interface Stats {
  tokens: {
    total: number;
    by_status: { active: number; cooling: number; expired: number; disabled: number };
    by_pool: PoolStats[];
    quota_left: number;
    nsfw: number;
  };
  calls: { hour: CallCounts; day: CallCounts };
  models: ModelStats[];
  series: { start: number; calls: number; failures: number }[];
  attention: { total: number; items: AttentionItem[] };
}

interface CallCounts {
  calls: number;
  failures: number;
}

interface PoolStats {
  pool: string;
  total: number;
  active: number;
  cooling: number;
  expired: number;
  disabled: number;
  quota: number;
}

interface ModelStats {
  model: string;
  hour_calls: number;
  hour_failures: number;
  day_calls: number;
  day_failures: number;
}

interface AttentionItem {
  id: string;
  token_masked: string;
  pool: string;
  status: string;
  reason: string;
  fail_count: number;
  last_fail_at: number | null;
  last_fail_reason: string | null;
}

/** How often the page reads the statistics again while it is visible. */
const refreshMs = 30_000;

/** Reads the statistics now, every 30 s while the page is visible, and when it becomes visible again. */
function useStats() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const lastLoad = useRef(0);

  async function load() {
    if (inFlight.current) {
      return;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      const answer = await api<Stats>('GET', '/v1/admin/stats');
      setStats(answer);
      setError(null);
      setUpdatedAt(Date.now());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      lastLoad.current = Date.now();
      inFlight.current = false;
      setBusy(false);
    }
  }

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') {
        void load();
      }
    }, refreshMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastLoad.current >= refreshMs) {
        void load();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { stats, error, updatedAt, busy, load };
}

/** The dashboard: the pool's numbers as cards, calls per hour as a chart, per-pool and per-model tables and the tokens needing attention. */
export function Dashboard() {
  useLang();
  const { stats, error, updatedAt, busy, load } = useStats();

  return (
    <section aria-labelledby="dash-title" aria-busy={busy}>
      <div class="page-head">
        <h1 id="dash-title">{t('dash.title')}</h1>
        <div class="row">
          {updatedAt !== null ? (
            <span class="muted small" data-testid="dash-updated">
              {t('dash.updated', { time: formatTime(updatedAt) })}
            </span>
          ) : null}
          <button type="button" data-testid="dash-refresh" aria-label={t('dash.refresh.label')} onClick={() => void load()} disabled={busy}>
            {t('dash.refresh')}
          </button>
        </div>
      </div>
      {error !== null ? (
        <p class="card error" role="alert" data-testid="dash-error">
          {t('dash.error', { message: error })}
        </p>
      ) : null}
      {stats === null ? error === null ? <p class="muted">{t('loading')}</p> : null : <DashboardBody stats={stats} />}
    </section>
  );
}

function DashboardBody(props: { stats: Stats }) {
  const { tokens, calls } = props.stats;
  const status = tokens.by_status;
  return (
    <>
      <h2 class="visually-hidden">{t('dash.section.tokens')}</h2>
      <div class="grid" role="group" aria-label={t('dash.section.tokens')}>
        <StatCard name="total" label={t('dash.stat.total')} value={tokens.total} />
        <StatCard name="active" label={t('dash.stat.active')} value={status.active} tone="ok" />
        <StatCard name="cooling" label={t('dash.stat.cooling')} value={status.cooling} tone={status.cooling > 0 ? 'warn' : undefined} />
        <StatCard name="expired" label={t('dash.stat.expired')} value={status.expired} tone={status.expired > 0 ? 'bad' : undefined} />
        <StatCard name="disabled" label={t('dash.stat.disabled')} value={status.disabled} />
        <StatCard name="quota_left" label={t('dash.stat.quota_left')} value={tokens.quota_left} />
        <StatCard name="nsfw" label={t('dash.stat.nsfw')} value={tokens.nsfw} />
      </div>
      {tokens.total === 0 ? (
        <p class="card empty" data-testid="dash-empty-tokens">
          {t('dash.empty.tokens')} <TokensLink text={t('dash.empty.tokens.link')} />
        </p>
      ) : null}
      <h2 class="visually-hidden">{t('dash.section.calls')}</h2>
      <div class="grid" role="group" aria-label={t('dash.section.calls')}>
        <StatCard name="calls_hour" label={t('dash.stat.calls_hour')} value={calls.hour.calls} />
        <StatCard name="failures_hour" label={t('dash.stat.failures_hour')} value={calls.hour.failures} tone={calls.hour.failures > 0 ? 'bad' : undefined} />
        <StatCard name="calls_day" label={t('dash.stat.calls_day')} value={calls.day.calls} />
        <StatCard name="failures_day" label={t('dash.stat.failures_day')} value={calls.day.failures} tone={calls.day.failures > 0 ? 'bad' : undefined} />
      </div>
      <CallsChart series={props.stats.series} />
      <div class="dash-tables">
        <PoolTable pools={tokens.by_pool} />
        <ModelTable models={props.stats.models} />
      </div>
      <AttentionList attention={props.stats.attention} />
    </>
  );
}

/** A link to the tokens page, optionally filtered (the page reads its filters from the query). */
function TokensLink(props: { text: string; search?: string; testId?: string; label?: string; children?: ComponentChildren }) {
  return (
    <a
      href={hrefOf('/tokens', props.search)}
      data-testid={props.testId ?? 'dash-tokens-link'}
      aria-label={props.label}
      onClick={(event) => {
        if (!event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          navigate('/tokens', false, props.search);
        }
      }}
    >
      {props.children ?? props.text}
    </a>
  );
}

/** The hour a bucket starts at, as "14:00" in the browser's time zone. */
function hourLabel(ms: number): string {
  return new Intl.DateTimeFormat(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

/** A round step (1, 2 or 5 times a power of ten) so that about four steps cover the largest value. */
function niceStep(max: number): number {
  const rough = Math.max(max / 4, 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** Follows the width of an element, so the chart is drawn at its real size (readable labels on a phone). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return undefined;
    }
    const measure = () => setWidth(Math.max(240, Math.floor(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** 24 hourly bars of calls with the failures stacked on top; a hidden table says the same for screen readers. */
function CallsChart(props: { series: Stats['series'] }) {
  const { ref, width } = useWidth(720);
  const series = props.series;
  const totalCalls = series.reduce((sum, bucket) => sum + bucket.calls, 0);
  const totalFailures = series.reduce((sum, bucket) => sum + bucket.failures, 0);
  const busiest = series.reduce<Stats['series'][number] | null>((best, bucket) => (best === null || bucket.calls > best.calls ? bucket : best), null);
  const summary =
    totalCalls === 0 || busiest === null
      ? t('dash.chart.summary.empty')
      : t('dash.chart.summary', {
          calls: formatNumber(totalCalls),
          failures: formatNumber(totalFailures),
          busiest: hourLabel(busiest.start),
          busiestCalls: formatNumber(busiest.calls),
        });

  const height = 220;
  const left = 48;
  const right = 8;
  const top = 12;
  const bottom = 28;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.map((bucket) => bucket.calls));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= yMax; value += step) {
    ticks.push(value);
  }
  const slot = series.length > 0 ? plotWidth / series.length : plotWidth;
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = width >= 560 ? 3 : 6;
  const y = (value: number) => top + plotHeight - (value / yMax) * plotHeight;

  return (
    <figure class="card chart" data-testid="dash-chart">
      <figcaption>
        <h2>{t('dash.chart.title')}</h2>
        <span class="legend" aria-hidden="true">
          <span class="swatch swatch-ok" /> {t('dash.chart.ok')} <span class="swatch swatch-failed" /> {t('dash.chart.failed')}
        </span>
      </figcaption>
      <div ref={ref} class="chart-box" hidden={totalCalls === 0}>
        <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-testid="dash-chart-svg">
          {ticks.map((value) => (
            <g key={value} class="chart-grid">
              <line x1={left} x2={width - right} y1={y(value)} y2={y(value)} />
              <text x={left - 6} y={y(value)} dy="0.32em" text-anchor="end">
                {formatNumber(value)}
              </text>
            </g>
          ))}
          {series.map((bucket, index) => {
            const x = left + index * slot + (slot - barWidth) / 2;
            const failures = Math.min(bucket.failures, bucket.calls);
            const ok = bucket.calls - failures;
            return (
              <g key={bucket.start} data-testid="dash-chart-bar" data-calls={bucket.calls} data-failures={bucket.failures}>
                <title>{t('dash.chart.bar', { hour: hourLabel(bucket.start), calls: formatNumber(bucket.calls), failures: formatNumber(bucket.failures) })}</title>
                {ok > 0 ? <rect class="bar-ok" x={x} width={barWidth} y={y(ok)} height={y(0) - y(ok)} /> : null}
                {failures > 0 ? <rect class="bar-failed" x={x} width={barWidth} y={y(bucket.calls)} height={y(ok) - y(bucket.calls)} /> : null}
                {index % labelEvery === 0 ? (
                  <text class="chart-axis" x={left + index * slot + slot / 2} y={height - 8} text-anchor="middle">
                    {hourLabel(bucket.start)}
                  </text>
                ) : null}
              </g>
            );
          })}
          <line class="chart-baseline" x1={left} x2={width - right} y1={y(0)} y2={y(0)} />
        </svg>
      </div>
      {totalCalls === 0 ? (
        <p class="muted" data-testid="dash-chart-empty">
          {t('dash.chart.empty')}
        </p>
      ) : null}
      <table class="visually-hidden" data-testid="dash-chart-table">
        <caption>{t('dash.chart.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.chart.hour')}</th>
            <th scope="col">{t('dash.chart.calls')}</th>
            <th scope="col">{t('dash.chart.failures')}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((bucket) => (
            <tr key={bucket.start}>
              <th scope="row">{hourLabel(bucket.start)}</th>
              <td>{bucket.calls}</td>
              <td>{bucket.failures}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A column of numbers in a table of counts; a count that is an alarm shows in red when above zero. */
interface CountColumn<Row> {
  label: string;
  value: (row: Row) => number;
  alarm?: boolean;
}

/**
 * A card with a table of counts, one row per pool or model: its name in the row header, then a number per
 * column. Each cell carries its column's name for the phone layout (one card per row).
 */
function CountTable<Row>(props: {
  id: string;
  title: string;
  empty: ComponentChildren;
  rows: Row[];
  nameLabel: string;
  name: (row: Row) => ComponentChildren;
  rowKey: (row: Row) => string;
  rowAttrs: (row: Row) => Record<string, string>;
  columns: CountColumn<Row>[];
}) {
  const titleId = `${props.id}-title`;
  return (
    <section class="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      {props.rows.length === 0 ? (
        props.empty
      ) : (
        <div class="table-wrap" tabIndex={0} aria-labelledby={titleId}>
          <table data-testid={props.id} class="stack">
            <thead>
              <tr>
                <th scope="col">{props.nameLabel}</th>
                {props.columns.map((column) => (
                  <th key={column.label} scope="col" class="num">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={props.rowKey(row)} {...props.rowAttrs(row)}>
                  <th scope="row" class="stack-full">
                    {props.name(row)}
                  </th>
                  {props.columns.map((column) => {
                    const value = column.value(row);
                    return (
                      <td key={column.label} class={column.alarm && value > 0 ? 'num error' : 'num'} data-label={column.label}>
                        {formatNumber(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PoolTable(props: { pools: PoolStats[] }) {
  return (
    <CountTable
      id="dash-pools"
      title={t('dash.pools.title')}
      empty={<p class="muted">{t('dash.pools.empty')}</p>}
      rows={props.pools}
      nameLabel={t('dash.pools.pool')}
      name={(pool) => pool.pool}
      rowKey={(pool) => pool.pool}
      rowAttrs={(pool) => ({ 'data-testid': 'dash-pool-row', 'data-pool': pool.pool })}
      columns={[
        { label: t('dash.pools.total'), value: (pool) => pool.total },
        { label: t('dash.status.active'), value: (pool) => pool.active },
        { label: t('dash.status.cooling'), value: (pool) => pool.cooling },
        { label: t('dash.status.expired'), value: (pool) => pool.expired },
        { label: t('dash.status.disabled'), value: (pool) => pool.disabled },
        { label: t('dash.pools.quota'), value: (pool) => pool.quota },
      ]}
    />
  );
}

function ModelTable(props: { models: ModelStats[] }) {
  return (
    <CountTable
      id="dash-models"
      title={t('dash.models.title')}
      empty={
        <p class="muted" data-testid="dash-models-empty">
          {t('dash.models.empty')}
        </p>
      }
      rows={props.models}
      nameLabel={t('dash.models.model')}
      name={(model) => <code>{model.model}</code>}
      rowKey={(model) => model.model}
      rowAttrs={(model) => ({ 'data-testid': 'dash-model-row', 'data-model': model.model })}
      columns={[
        { label: t('dash.models.hour_calls'), value: (model) => model.hour_calls },
        { label: t('dash.models.hour_failures'), value: (model) => model.hour_failures, alarm: true },
        { label: t('dash.models.day_calls'), value: (model) => model.day_calls },
        { label: t('dash.models.day_failures'), value: (model) => model.day_failures, alarm: true },
      ]}
    />
  );
}

function AttentionList(props: { attention: Stats['attention'] }) {
  const { total, items } = props.attention;
  return (
    <section class="card attention" aria-labelledby="dash-attention-title" data-testid="dash-attention">
      <div class="page-head">
        <h2 id="dash-attention-title">{t('dash.attention.title', { count: formatNumber(total) })}</h2>
        {total > 0 ? <TokensLink text={t('dash.attention.link')} /> : null}
      </div>
      {items.length === 0 ? (
        <p class="muted" data-testid="dash-attention-empty">
          {t('dash.attention.empty')}
        </p>
      ) : (
        <>
          <div class="table-wrap" tabIndex={0} aria-labelledby="dash-attention-title">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">{t('dash.attention.token')}</th>
                  <th scope="col">{t('dash.attention.pool')}</th>
                  <th scope="col">{t('dash.attention.status')}</th>
                  <th scope="col">{t('dash.attention.reason')}</th>
                  <th scope="col" class="num">{t('dash.attention.fails')}</th>
                  <th scope="col">{t('dash.attention.last')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} data-testid="attention-row" data-id={item.id}>
                    <th scope="row" class="stack-full">
                      <TokensLink text={item.token_masked} search={`?q=${encodeURIComponent(item.id)}`} testId="attention-open" label={t('dash.attention.open', { token: item.token_masked })}>
                        <code>{item.token_masked}</code>
                      </TokensLink>
                    </th>
                    <td data-label={t('dash.attention.pool')}>{item.pool}</td>
                    <td data-label={t('dash.attention.status')}>
                      <span class={`badge badge-${item.status}`}>{t(`dash.status.${item.status}`)}</span>
                    </td>
                    <td data-label={t('dash.attention.reason')}>{t(`dash.reason.${item.reason}`)}</td>
                    <td class="num" data-label={t('dash.attention.fails')}>
                      {formatNumber(item.fail_count)}
                    </td>
                    <td class="wrap stack-full" data-label={t('dash.attention.last')}>
                      {formatTime(item.last_fail_at)}
                      {item.last_fail_reason ? <div class="muted small">{item.last_fail_reason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > items.length ? <p class="muted small">{t('dash.attention.more', { shown: formatNumber(items.length), total: formatNumber(total) })}</p> : null}
        </>
      )}
    </section>
  );
}
