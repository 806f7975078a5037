// Today against yesterday and this week to date against the same days of last week.
import { useTranslation } from 'react-i18next';
import type { KpiValues } from './api.ts';
import type { KpiPanelData } from './useKpis.ts';

type Fmt = 'n' | 'pct' | 'min' | 'pts';

const ROWS: { key: string; label: string; fmt: Fmt; lowerBetter?: boolean }[] = [
  { key: 'reported', label: 'wall.kpi.reported', fmt: 'n' },
  { key: 'closed', label: 'wall.kpi.closed', fmt: 'n' },
  { key: 'on_time_closure_rate', label: 'wall.kpi.onTime', fmt: 'pct' },
  { key: 'avg_response_minutes', label: 'wall.kpi.response', fmt: 'min', lowerBetter: true },
  { key: 'avg_satisfaction', label: 'wall.kpi.satisfaction', fmt: 'pts' },
];

function show(v: number | null | undefined, fmt: Fmt): string {
  if (v === null || v === undefined) return '—';
  if (fmt === 'pct') return `${(v * 100).toFixed(1)}%`;
  if (fmt === 'n') return String(Math.round(v));
  return v.toFixed(1);
}

function Delta({ now, before, fmt, lowerBetter }: { now: number | null | undefined; before: number | null | undefined; fmt: Fmt; lowerBetter?: boolean }) {
  if (now === null || now === undefined || before === null || before === undefined) return <span className="wall-delta">—</span>;
  const d = now - before;
  const good = d === 0 ? null : (d > 0) !== Boolean(lowerBetter);
  const text = fmt === 'pct' ? `${(d * 100).toFixed(1)} pt` : fmt === 'n' ? String(Math.round(d)) : d.toFixed(1);
  const neutral = fmt === 'n';
  return <span className={`wall-delta ${neutral || good === null ? '' : good ? 'up' : 'down'}`}>{`${d > 0 ? '▲ +' : d < 0 ? '▼ ' : ''}${text}`}</span>;
}

function Column({ title, vs, now, before }: { title: string; vs: string; now: KpiValues; before: KpiValues }) {
  const { t } = useTranslation();
  return (
    <div className="wall-kpi-col">
      <h3>
        {title} <small>{vs}</small>
      </h3>
      <dl>
        {ROWS.map((r) => (
          <div key={r.key} data-kpi={r.key}>
            <dt>{t(r.label)}</dt>
            <dd>
              <strong>{r.fmt === 'min' ? t('wall.kpi.minutes', { v: show(now[r.key], r.fmt) }) : show(now[r.key], r.fmt)}</strong>
              <Delta now={now[r.key]} before={before[r.key]} fmt={r.fmt} lowerBetter={r.lowerBetter} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function KpiPanel({ data, liveToday }: { data: KpiPanelData | null; liveToday: number }) {
  const { t } = useTranslation();
  return (
    <section className="wall-panel wall-kpis" data-testid="kpi-panel">
      <h2>{t('wall.kpi.title')}</h2>
      {data && (
        <div className="wall-kpi-cols">
          <Column title={t('wall.kpi.today')} vs={t('wall.kpi.vsYesterday')} now={data.today} before={data.yesterday} />
          <Column title={t('wall.kpi.week')} vs={t('wall.kpi.vsLastWeek')} now={data.week} before={data.lastWeek} />
        </div>
      )}
      <p className="wall-muted" data-testid="live-today">{t('wall.kpi.newLive', { count: liveToday })}</p>
    </section>
  );
}
