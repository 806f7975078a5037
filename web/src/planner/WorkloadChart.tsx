// Workload per grid as bars, with the target band around the mean: grids outside the
// band in red, the grids being edited outlined, the saved value as a tick.
import { useTranslation } from 'react-i18next';
import { spread, type Metric } from './workload.ts';

export interface Bar {
  id: number;
  label: string;
  value: number;
  saved: number;
  changed: boolean;
  selected: boolean;
}

export function WorkloadChart({ bars, band, metric, onSelect }: { bars: Bar[]; band: number; metric: Metric; onSelect?: (id: number) => void }) {
  const { t } = useTranslation();
  const s = spread(
    bars.map((b) => b.value),
    band,
  );
  const width = 340;
  const height = 150;
  const max = Math.max(...bars.map((b) => Math.max(b.value, b.saved)), s.mean * (1 + band), 1e-9) * 1.05;
  const y = (v: number) => height - (v / max) * height;
  const w = width / Math.max(bars.length, 1);
  const fmt = (v: number) => (metric === 'composite' ? v.toFixed(2) : Math.round(v).toLocaleString());
  return (
    <figure className="workload-chart" aria-label={t('planner.workload.title')}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" data-testid="workload-chart">
        <rect x={0} y={y(s.mean * (1 + band))} width={width} height={y(s.mean * (1 - band)) - y(s.mean * (1 + band))} fill="#dcfce7" />
        <line x1={0} x2={width} y1={y(s.mean)} y2={y(s.mean)} stroke="#15803d" strokeDasharray="4 3" />
        {bars.map((b, i) => {
          const out = Math.abs(b.value - s.mean) > band * s.mean;
          return (
            <g key={b.id} onClick={() => onSelect?.(b.id)} style={{ cursor: onSelect ? 'pointer' : undefined }}>
              <title>{`${b.label}: ${fmt(b.value)}${b.changed ? ` (${t('planner.workload.saved')} ${fmt(b.saved)})` : ''}`}</title>
              <rect
                data-grid={b.id}
                data-value={b.value.toFixed(4)}
                x={i * w + 0.5}
                y={y(b.value)}
                width={Math.max(w - 1, 1)}
                height={height - y(b.value)}
                fill={out ? '#f87171' : '#60a5fa'}
                stroke={b.selected ? '#111827' : b.changed ? '#f59e0b' : 'none'}
                strokeWidth={b.selected || b.changed ? 1.5 : 0}
              />
              {b.changed && <line x1={i * w} x2={(i + 1) * w} y1={y(b.saved)} y2={y(b.saved)} stroke="#111827" strokeWidth={1.5} />}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted" data-testid="workload-spread">
        {t('planner.workload.summary', { mean: fmt(s.mean), ratio: Number.isFinite(s.ratio) ? s.ratio.toFixed(2) : '∞', cv: s.cv.toFixed(3), inBand: s.inBand, count: s.count, band: Math.round(band * 100) })}
      </figcaption>
    </figure>
  );
}
