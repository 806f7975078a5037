// The heatmap's filter: date range, hours of the day, days of the week; playback hour
// by hour through the day; which layers show and the KPI grids are coloured by.
import { useTranslation } from 'react-i18next';
import type { HeatFilter } from './api.ts';

export const GRID_MEASURES = ['on_time_closure_rate', 'closure_rate', 'on_time_response_rate', 'avg_response_minutes', 'avg_satisfaction', 'repeat_rate', 'reported', 'overdue_open'] as const;
/** Measures where a lower value is the better one. */
export const LOWER_IS_BETTER = new Set(['avg_response_minutes', 'repeat_rate', 'reported', 'overdue_open']);

export interface Shown {
  heat: boolean;
  hot: boolean;
  grids: boolean;
}

interface Props {
  filter: HeatFilter;
  onFilter: (f: HeatFilter) => void;
  playHour: number | null;
  onPlay: (on: boolean) => void;
  measure: string;
  onMeasure: (m: string) => void;
  shown: Shown;
  onShown: (s: Shown) => void;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

function parseHours(h: string | null): [number, number] | null {
  if (!h) return null;
  const m = /^(\d+)(?:-(\d+))?$/.exec(h);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

export function Controls({ filter, onFilter, playHour, onPlay, measure, onMeasure, shown, onShown }: Props) {
  const { t } = useTranslation();
  const range = parseHours(filter.hours);
  const setRange = (a: number | null, b: number | null) => onFilter({ ...filter, hours: a === null || b === null ? null : a === b ? String(a) : `${a}-${b}` });
  const days = t('wall.days', { returnObjects: true }) as string[];
  return (
    <section className="wall-panel wall-controls" data-testid="wall-controls">
      <div className="wall-row">
        <label>
          {t('wall.from')}
          <input type="date" value={filter.from} max={filter.to} onChange={(e) => e.target.value && onFilter({ ...filter, from: e.target.value })} />
        </label>
        <label>
          {t('wall.to')}
          <input type="date" value={filter.to} min={filter.from} onChange={(e) => e.target.value && onFilter({ ...filter, to: e.target.value })} />
        </label>
      </div>
      <div className="wall-row">
        <span>{t('wall.hours')}</span>
        <select aria-label={t('wall.hours')} value={range ? String(range[0]) : ''} onChange={(e) => (e.target.value === '' ? setRange(null, null) : setRange(Number(e.target.value), range?.[1] ?? Number(e.target.value)))} disabled={playHour !== null}>
          <option value="">{t('wall.allDay')}</option>
          {HOURS.map((h) => (
            <option key={h} value={h}>{`${h}:00`}</option>
          ))}
        </select>
        {range && (
          <select aria-label={t('wall.hours')} value={String(range[1])} onChange={(e) => setRange(range[0], Number(e.target.value))} disabled={playHour !== null}>
            {HOURS.map((h) => (
              <option key={h} value={h}>{`${h}:59`}</option>
            ))}
          </select>
        )}
        <button type="button" data-action="play" aria-pressed={playHour !== null} onClick={() => onPlay(playHour === null)}>
          {playHour === null ? `▶ ${t('wall.play')}` : `■ ${t('wall.stop')}`}
        </button>
      </div>
      <div className="wall-row" role="group" aria-label={t('wall.dow')}>
        <span>{t('wall.dow')}</span>
        {days.map((d, i) => {
          const on = filter.dow.includes(i + 1);
          return (
            <button key={d} type="button" className="wall-day" aria-pressed={on} onClick={() => onFilter({ ...filter, dow: on ? filter.dow.filter((x) => x !== i + 1) : [...filter.dow, i + 1] })}>
              {d}
            </button>
          );
        })}
      </div>
      <div className="wall-row">
        {(['heat', 'hot', 'grids'] as const).map((k) => (
          <label key={k} className="wall-check">
            <input type="checkbox" checked={shown[k]} onChange={(e) => onShown({ ...shown, [k]: e.target.checked })} />
            {t(`wall.layers.${k}`)}
          </label>
        ))}
        <label>
          {t('wall.kpiLayer')}
          <select value={measure} onChange={(e) => onMeasure(e.target.value)} data-testid="kpi-measure">
            <option value="none">{t('wall.none')}</option>
            {GRID_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`wall.measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
