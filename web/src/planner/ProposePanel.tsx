// Propose: a balanced cover of N grids from the current blocks or cells (the search
// runs on the server, server/spatial/districting). The planner sees the spread before
// and after and the proposed grids on the map, then accepts, adjusts or rejects.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.ts';
import type { GridProps } from '../api/types.ts';
import type { UnitFeature } from './draft.ts';

interface SpreadOut {
  n: number;
  mean: number;
  min: number;
  max: number;
  maxMinRatio: number | null;
  cv: number;
  inBand: number;
}

export interface Proposal {
  unit: 'blocks' | 'cells';
  res: number | null;
  n: number;
  band: number;
  assignment: Record<string, string>;
  grids: { grid_id: number | null; key: string; code: string | null; name: string | null; version: number | null; after: { in_band: boolean; workload: number } }[];
  spread: { before: SpreadOut; after: SpreadOut };
  timing_ms: { total: number };
  units_moved: number;
  geometry: FeatureCollection<MultiPolygon> | null;
  /** Shown on the map. */
  features: Feature<MultiPolygon>[];
}

export function ProposePanel(props: {
  grids: UnitFeature<GridProps>[];
  selected: UnitFeature<Record<string, unknown>> | null;
  band: number;
  proposal: Proposal | null;
  onProposal(p: Proposal | null): void;
  onApplied(count: number): Promise<void>;
  onAdjust(p: Proposal): void;
  onError(message: string): void;
}) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<'blocks' | 'cells'>('blocks');
  const [scope, setScope] = useState<'all' | 'street' | 'community'>('all');
  const [fresh, setFresh] = useState(false);
  const street = (props.selected?.properties as Partial<GridProps> | undefined)?.street_id;
  const community = (props.selected?.properties as Partial<GridProps> | undefined)?.community_id;
  const inScope = props.grids.filter(
    (g) => g.properties.status === 'active' && (scope === 'all' || (scope === 'street' ? !street || g.properties.street_id === street : !community || g.properties.community_id === community)),
  );
  const [n, setN] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const p = props.proposal;

  async function run() {
    setBusy(true);
    try {
      const body = { unit, res: 10, n: n === '' ? inScope.length : n, band: props.band, fresh, scope: scope === 'street' && street ? { street_office: street } : scope === 'community' && community ? { community } : {} };
      const r = await api<Omit<Proposal, 'features'>>('/api/planning/propose', { method: 'POST', body });
      props.onProposal({ ...r, features: r.geometry?.features ?? [] });
    } catch (e) {
      props.onError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function accept() {
    if (!p) return;
    setBusy(true);
    try {
      const grids = p.grids.filter((g) => g.grid_id !== null && g.version !== null).map((g) => ({ id: g.grid_id!, version: g.version! }));
      const assignment = Object.fromEntries(Object.entries(p.assignment).map(([u, k]) => [u, Number(k)]));
      const r = await api<{ written: number[] }>('/api/planning/apply', { method: 'POST', body: { unit: p.unit, ...(typeof p.res === 'number' ? { res: p.res } : {}), assignment, grids } });
      await props.onApplied(r.written.length);
    } catch (e) {
      props.onError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const fmt = (s: SpreadOut) => t('planner.propose.spread', { ratio: s.maxMinRatio?.toFixed(2) ?? '∞', cv: s.cv.toFixed(3), inBand: s.inBand, count: s.n });

  return (
    <section data-testid="propose">
      <h2>{t('planner.propose.title')}</h2>
      <div className="row">
        <select aria-label={t('planner.propose.unit')} value={unit} onChange={(e) => setUnit(e.target.value as 'blocks' | 'cells')}>
          <option value="blocks">{t('planner.propose.blocks')}</option>
          <option value="cells">{t('planner.propose.cells')}</option>
        </select>
        <select aria-label={t('planner.workload.scope')} value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'street' | 'community')}>
          <option value="all">{t('planner.workload.scopeAll')}</option>
          <option value="street" disabled={!street}>
            {t('planner.workload.scopeStreet')}
          </option>
          <option value="community" disabled={!community}>
            {t('planner.propose.scopeCommunity')}
          </option>
        </select>
        <label>
          {t('planner.propose.n')}{' '}
          <input type="number" min={1} max={2000} style={{ width: '5rem' }} value={n === '' ? inScope.length : n} onChange={(e) => setN(e.target.value === '' ? '' : Number(e.target.value))} />
        </label>
        <label>
          <input type="checkbox" checked={fresh} onChange={(e) => setFresh(e.target.checked)} /> {t('planner.propose.fresh')}
        </label>
        <button type="button" data-action="propose" disabled={busy} onClick={() => void run()}>
          {busy && !p ? t('planner.propose.running') : t('planner.propose.run')}
        </button>
      </div>
      {p && (
        <div data-testid="proposal">
          <p>
            {t('planner.propose.before')}: {fmt(p.spread.before)}
          </p>
          <p>
            <b>{t('planner.propose.after')}</b>: <span data-testid="proposal-after">{fmt(p.spread.after)}</span> · {(p.timing_ms.total / 1000).toFixed(2)} s
          </p>
          <div className="row">
            <button type="button" className="primary" data-action="accept" disabled={busy} onClick={() => void accept()}>
              {t('planner.propose.accept')}
            </button>
            <button type="button" data-action="adjust" disabled={busy} onClick={() => props.onAdjust(p)}>
              {t('planner.propose.adjust')}
            </button>
            <button type="button" data-action="reject" disabled={busy} onClick={() => props.onProposal(null)}>
              {t('planner.propose.reject')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
