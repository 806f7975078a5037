// Export the cover as it stands (GeoJSON; CSV of codes and workloads) and import a
// boundary set: features matched by code become edits, the rest new units, all in the
// draft for the planner to check before saving (the server checks again).
import type { Feature, FeatureCollection } from 'geojson';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitGeometry } from '../api/types.ts';
import { EDITABLE, PLURAL, type UnitLayer } from './data.ts';
import type { UnitFeature } from './draft.ts';
import { toMulti } from './geometry.ts';
import type { AnyProps } from './usePlanner.ts';
import type { Metric } from './workload.ts';
import type { Bar } from './WorkloadChart.tsx';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function coverCsv(features: UnitFeature<AnyProps>[], bars: Bar[], metric: Metric): string {
  const bar = new Map(bars.map((b) => [b.id, b]));
  const cols = ['code', 'name', 'households', 'components', 'open_cases', 'cases_last_365d'];
  const lines = [[...cols, `workload_${metric}`].join(',')];
  for (const f of features) lines.push([...cols.map((c) => csvCell(typeof f.properties[c] === 'number' ? Math.round(f.properties[c] as number) : f.properties[c])), csvCell(bar.get(f.id)?.value.toFixed(4) ?? '')].join(','));
  return `${lines.join('\n')}\n`;
}

export interface ImportSummary {
  updates: number;
  creates: number;
}

/** A boundary file as draft changes: by code onto existing units, or new ones. Throws with a reason. */
export function importChanges(layer: UnitLayer, text: string, existing: UnitFeature<AnyProps>[]): { changes: { id?: number; feature: UnitFeature<AnyProps> | Omit<UnitFeature<AnyProps>, 'id'> }[]; summary: ImportSummary } {
  const fc = JSON.parse(text) as FeatureCollection;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('not a GeoJSON FeatureCollection');
  const byCode = new Map(existing.map((f) => [String(f.properties.code), f]));
  const changes: { id?: number; feature: UnitFeature<AnyProps> | Omit<UnitFeature<AnyProps>, 'id'> }[] = [];
  let updates = 0;
  let creates = 0;
  fc.features.forEach((f: Feature, i) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error(`feature ${i + 1}: geometry must be a Polygon or MultiPolygon`);
    const props = (f.properties ?? {}) as AnyProps;
    const code = props.code === undefined ? undefined : String(props.code);
    const keep = Object.fromEntries(EDITABLE[layer].filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
    const hit = code ? byCode.get(code) : undefined;
    if (hit) {
      changes.push({ id: hit.id, feature: { ...hit, geometry: toMulti(g as UnitGeometry), properties: { ...hit.properties, ...keep } } });
      updates++;
    } else {
      changes.push({ feature: { type: 'Feature', geometry: toMulti(g as UnitGeometry), properties: { ...keep, version: 0 } } });
      creates++;
    }
  });
  return { changes, summary: { updates, creates } };
}

export function ImportExport({ layer, features, bars, metric, onImport, onError }: { layer: UnitLayer; features: UnitFeature<AnyProps>[]; bars: Bar[]; metric: Metric; onImport(changes: ReturnType<typeof importChanges>['changes'], summary: ImportSummary): void; onError(m: string): void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <section data-testid="import-export">
      <h2>{t('planner.io.title')}</h2>
      <div className="row">
        <button
          type="button"
          data-action="export-geojson"
          onClick={() =>
            download(
              `${PLURAL[layer]}-${stamp}.geojson`,
              'application/geo+json',
              JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: Object.fromEntries(Object.entries(f.properties).filter(([k]) => !k.startsWith('_'))) })) }),
            )
          }
        >
          {t('planner.io.exportGeojson')}
        </button>
        {layer === 'grid' && (
          <button type="button" data-action="export-csv" onClick={() => download(`${PLURAL[layer]}-${stamp}.csv`, 'text/csv', `\ufeff${coverCsv(features, bars, metric)}`)}>
            {t('planner.io.exportCsv')}
          </button>
        )}
        <label className="file">
          {t('planner.io.import')}
          <input
            ref={input}
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              try {
                const r = importChanges(layer, await file.text(), features);
                onImport(r.changes, r.summary);
              } catch (err) {
                onError(t('planner.io.badFile', { message: (err as Error).message }));
              } finally {
                if (input.current) input.current.value = '';
              }
            }}
          />
        </label>
      </div>
    </section>
  );
}
