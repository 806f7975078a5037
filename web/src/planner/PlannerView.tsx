// The planner's workbench: draw, reshape, split, merge, delete and paint grids,
// sub-grids and blocks on the map, with the workload per grid, overlaps, gaps and
// sub-grids outside their grid shown while editing; save with versions; propose a
// balanced cover; history; import and export.
import { GeoJsonLayer } from '@deck.gl/layers';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { PickingInfo } from '@deck.gl/core';
import { area, booleanIntersects, featureCollection } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Toast, useToast } from '../shell/Toast.tsx';
import { api, ApiError } from '../api/client.ts';
import type { GridProps } from '../api/types.ts';
import { currentLang } from '../i18n/index.ts';
import { COLOURS, css, type RGBA } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { LayerSwitcher, Legend } from '../map/overlays.tsx';
import { Search } from '../map/Search.tsx';
import { pickProps, PLURAL, saveChanges, type UnitLayer } from './data.ts';
import { change, changedIds, changeSet, current, get, isDirty, redo, undo, type Draft, type UnitFeature } from './draft.ts';
import { minus, toMulti, unionOf } from './geometry.ts';
import { HistoryPanel, type Comparison } from './HistoryPanel.tsx';
import { ImportExport } from './ImportExport.tsx';
import './messages.ts';
import { propsForNew } from './naming.ts';
import { brushCells, paint } from './paint.ts';
import { ProposePanel, type Proposal } from './ProposePanel.tsx';
import { movedVertices, moveVertex } from './snapping.ts';
import { useDraw, type DrawMode } from './useDraw.ts';
import { usePlannerData, type AnyProps, type Checks } from './usePlanner.ts';
import { add, meanOf, scale, spread, values, workloadOf, METRICS, type Metric, type Workload } from './workload.ts';
import { WorkloadChart, type Bar } from './WorkloadChart.tsx';

type Mode = 'select' | 'draw' | 'edit' | 'split' | 'paint';

/** Interleaved deck layers drawn under the map's labels (a MapLibreOverlay prop the layer types do not declare). */
const UNDER_LABELS = { beforeId: 'label-road-minor' } as object;

const ZERO: Workload = { households: 0, components: 0, open_cases: 0, cases_last_365d: 0 };

function largestPart(g: Polygon | MultiPolygon): { index: number; polygon: Polygon } {
  if (g.type === 'Polygon') return { index: 0, polygon: g };
  let best = 0;
  let bestArea = -1;
  g.coordinates.forEach((rings, i) => {
    const a = area({ type: 'Polygon', coordinates: rings });
    if (a > bestArea) {
      best = i;
      bestArea = a;
    }
  });
  return { index: best, polygon: { type: 'Polygon', coordinates: g.coordinates[best]! } };
}

function withWorkload(f: UnitFeature<AnyProps>, w: Workload, estimated = true): UnitFeature<AnyProps> {
  return { ...f, properties: { ...f.properties, ...w, _estimated: estimated } };
}

export function PlannerView() {
  const { t } = useTranslation();
  const data = usePlannerData();
  const { loaded, layer, draft, setDraft, checks } = data;
  const [mode, setMode] = useState<Mode>('select');
  const [selected, setSelected] = useState<number[]>([]);
  const { toast, say, setToast } = useToast(4000);
  const [conflict, setConflict] = useState<string[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [metric, setMetric] = useState<Metric>('composite');
  const [band, setBand] = useState(0.15);
  const [scope, setScope] = useState<'all' | 'street'>('all');
  const [paintRes, setPaintRes] = useState(10);
  const [brush, setBrush] = useState(1);
  const [stroke, setStroke] = useState<string[]>([]);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);


  const features = useMemo(() => (draft ? current(draft) : []), [draft]);
  const changed = useMemo(() => new Set(draft ? changedIds(draft) : []), [draft]);
  const selectedFeature = selected.length === 1 && draft ? get(draft, selected[0]!) : null;

  const update = useCallback((fn: (d: Draft<AnyProps>) => Draft<AnyProps>) => setDraft((d) => (d ? fn(d) : d)), [setDraft]);

  // Keyboard: undo, redo, escape.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, select')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        update(e.shiftKey ? redo : undo);
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        update(redo);
      } else if (e.key === 'Escape') setMode('select');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update]);

  // ---- workload --------------------------------------------------------------
  const gridFeatures = (layer === 'grid' ? features : (loaded?.grids ?? [])) as UnitFeature<AnyProps>[];
  const selectedGrid = layer === 'grid' && selectedFeature ? selectedFeature : null;
  const streetOf = (f: UnitFeature<AnyProps>) => (f.properties as Partial<GridProps>).street_id;
  const bars: Bar[] = useMemo(() => {
    if (!draft) return [];
    const inScope = gridFeatures.filter((f) => scope === 'all' || !selectedGrid || streetOf(f) === streetOf(selectedGrid));
    const loads = inScope.map((f) => workloadOf(f.properties as unknown as GridProps));
    const savedLoads = inScope.map((f) => (f.id > 0 && draft.base.get(f.id) && layer === 'grid' ? workloadOf(draft.base.get(f.id)!.properties as unknown as GridProps) : workloadOf(f.properties as unknown as GridProps)));
    const cityMeans = meanOf(gridFeatures.map((f) => workloadOf(f.properties as unknown as GridProps)));
    const v = values(loads, metric, cityMeans);
    const sv = values(savedLoads, metric, cityMeans);
    return inScope.map((f, i) => ({ id: f.id, label: `${String(f.properties.name)} ${String(f.properties.code ?? '')}`, value: v[i]!, saved: sv[i]!, changed: layer === 'grid' && changed.has(f.id), selected: selected.includes(f.id) }));
  }, [draft, gridFeatures, metric, scope, selectedGrid?.id, changed, selected, layer]);
  const gridSpread = useMemo(() => spread(bars.map((b) => b.value), band), [bars, band]);
  const barById = useMemo(() => new Map(bars.map((b) => [b.id, b])), [bars]);

  // ---- drawing ---------------------------------------------------------------
  const drawMode: DrawMode = mode === 'draw' ? 'polygon' : mode === 'split' ? 'line' : mode === 'edit' && selectedFeature ? 'edit' : 'none';
  const editPart = useMemo(() => (mode === 'edit' && selectedFeature ? largestPart(selectedFeature.geometry) : null), [mode, selectedFeature]);
  const snapLines = useMemo(() => {
    const lines: Position[][] = [];
    for (const f of features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const p of polys) lines.push(...p);
    }
    if (layer !== 'grid' && loaded) for (const g of loaded.grids) for (const p of g.geometry.coordinates as Position[][][]) lines.push(...p);
    return lines;
  }, [features, layer, loaded]);

  const onPolygon = useCallback(
    (p: Polygon) => {
      if (!draft || !loaded) return;
      const geometry = toMulti(p);
      const props = propsForNew(layer, geometry, {
        communities: loaded.communities,
        grids: loaded.grids.map((g) => ({ id: g.id, code: g.properties.code, name: g.properties.name, geometry: g.geometry })),
        takenCodes: features.map((f) => String(f.properties.code ?? '')),
        lang: currentLang(),
      });
      if (!props) {
        say(t(layer === 'subgrid' ? 'planner.issues.noGrid' : 'planner.issues.noCommunity'), true);
        return;
      }
      const next = change(draft, [{ feature: { type: 'Feature', geometry, properties: { ...props, ...ZERO, version: 0 } } }]);
      setDraft(next);
      setSelected([next.nextId + 1]);
      setMode('select');
      const hits = features.filter((f) => booleanIntersects(f.geometry, geometry));
      if (hits.length) say(t('planner.issues.refused'), true);
    },
    [draft, loaded, layer, features, say, t, setDraft],
  );

  const onLine = useCallback(
    async (line: LineString) => {
      if (!draft || !selectedFeature) return;
      try {
        const r = await api<{ features: Feature<Polygon | MultiPolygon>[] }>('/api/geometry/split', { method: 'POST', body: { geometry: selectedFeature.geometry, line } });
        const total = area(selectedFeature.geometry);
        const w = workloadOf(selectedFeature.properties as unknown as GridProps);
        const [first, ...rest] = r.features.map((f) => ({ g: toMulti(f.geometry), share: area(f.geometry) / total }));
        if (!first) return;
        const next = change(draft, [
          { id: selectedFeature.id, feature: withWorkload({ ...selectedFeature, geometry: first.g }, scale(w, first.share)) },
          ...rest.map((p, i) => {
            const props = propsForNew(layer, p.g, {
              communities: loaded!.communities,
              grids: loaded!.grids.map((g) => ({ id: g.id, code: g.properties.code, name: g.properties.name, geometry: g.geometry })),
              takenCodes: [...features.map((f) => String(f.properties.code ?? '')), ...Array.from({ length: i }, () => '')],
              lang: currentLang(),
            }) ?? { ...pickProps(layer, selectedFeature.properties), code: undefined };
            return { feature: { type: 'Feature' as const, geometry: p.g, properties: { ...pickProps(layer, selectedFeature.properties), ...props, ...scale(w, p.share), _estimated: true, version: 0 } } };
          }),
        ]);
        setDraft(next);
        setMode('select');
      } catch (e) {
        say(e instanceof ApiError ? e.message : String(e), true);
      }
    },
    [draft, selectedFeature, layer, loaded, features, say, setDraft],
  );

  const onEdited = useCallback(
    (p: Polygon) => {
      if (!draft || !selectedFeature || !editPart) return;
      const g = selectedFeature.geometry;
      const parts = g.type === 'Polygon' ? [g.coordinates] : [...g.coordinates];
      parts[editPart.index] = p.coordinates;
      const changes: { id: number; feature: UnitFeature<AnyProps> }[] = [{ id: selectedFeature.id, feature: { ...selectedFeature, geometry: { type: 'MultiPolygon', coordinates: parts } } }];
      // A shared vertex moves on both sides: neighbours keep the shared edge.
      const moved = movedVertices(editPart.polygon.coordinates, p.coordinates);
      for (const [from, to] of moved) {
        for (const f of features) {
          if (f.id === selectedFeature.id) continue;
          const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
          let any = false;
          const out = polys.map((rings) => {
            const r = moveVertex(rings, from, to);
            any ||= r.moved;
            return r.rings;
          });
          if (any) changes.push({ id: f.id, feature: { ...f, geometry: { type: 'MultiPolygon', coordinates: out } } });
        }
      }
      setDraft(change(draft, changes));
    },
    [draft, selectedFeature, editPart, features, setDraft],
  );

  // ---- actions ---------------------------------------------------------------
  async function merge() {
    if (!draft || selected.length < 2) return;
    const fs = selected.map((id) => get(draft, id)).filter(Boolean) as UnitFeature<AnyProps>[];
    try {
      // The server joins along shared edges and refuses units that share none.
      const merged = await api<Feature<Polygon | MultiPolygon>>('/api/geometry/merge', { method: 'POST', body: { geometries: fs.map((f) => f.geometry) } });
      // Saved units before new ones; among saved ones the lowest id keeps its code and team.
      const [keep, ...gone] = [...fs].sort((a, b) => (a.id > 0 ? a.id : 1e12 - a.id) - (b.id > 0 ? b.id : 1e12 - b.id));
      const w = fs.reduce((s, f) => add(s, workloadOf(f.properties as unknown as GridProps)), ZERO);
      setDraft(change(draft, [{ id: keep!.id, feature: withWorkload({ ...keep!, geometry: toMulti(merged.geometry) }, w) }, ...gone.map((f) => ({ id: f.id, feature: null }))]));
      setSelected([keep!.id]);
    } catch (e) {
      say(e instanceof ApiError ? e.message : String(e), true);
    }
  }

  function remove() {
    if (!draft || selected.length === 0) return;
    setDraft(change(draft, selected.map((id) => ({ id, feature: null }))));
    setSelected([]);
  }

  function trim() {
    if (!draft || !selectedFeature) return;
    const others = checks.overlaps.filter((o) => o.a === selectedFeature.id || o.b === selectedFeature.id).map((o) => get(draft, o.a === selectedFeature.id ? o.b : o.a)!.geometry);
    const cut = unionOf(others);
    const rest = cut ? minus(selectedFeature.geometry, cut.geometry) : null;
    if (rest) setDraft(change(draft, [{ id: selectedFeature.id, feature: { ...selectedFeature, geometry: toMulti(rest.geometry) } }]));
  }

  async function save() {
    if (!draft) return;
    const set = changeSet(draft, (f) => pickProps(layer, f.properties));
    const count = set.creates.length + set.updates.length + set.deletes.length;
    setSaving(true);
    try {
      await saveChanges(layer, set);
      await data.reload(layer);
      setSelected([]);
      say(t('planner.saved', { count }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const d = e.details as { stale?: { id: number; updatedBy?: string; currentVersion?: number; deleted?: boolean }[]; current?: { geometry: Polygon | MultiPolygon } } | undefined;
        const list = (d?.stale ?? []).map((c) => `${String(get(draft, c.id)?.properties.name ?? c.id)}${c.updatedBy ? ` (${c.updatedBy}${c.currentVersion ? `, v${c.currentVersion}` : ''})` : ''}`);
        setConflict(list.length ? list : [e.message]);
        // One unit: show what it is now beside the planner's edit.
        const mine = d?.stale?.length === 1 ? get(draft, d.stale[0]!.id) : null;
        if (d?.current && mine) setComparison({ version: d.stale![0]!.currentVersion ?? 0, before: mine.geometry, after: d.current.geometry });
      } else say(e instanceof ApiError ? `${e.message}` : String(e), true);
    } finally {
      setSaving(false);
    }
  }

  // ---- paint -----------------------------------------------------------------
  const receiver = mode === 'paint' && layer === 'grid' && selectedFeature ? selectedFeature : null;
  const applyPaint = useCallback(
    (cells: string[]) => {
      if (!draft || !receiver) return;
      const donors = features.filter((f) => f.id !== receiver.id);
      const r = paint(cells, receiver, donors);
      if (!r) return;
      let gained = ZERO;
      const changes: { id: number; feature: UnitFeature<AnyProps> | null }[] = [];
      for (const m of r.moves) {
        const donor = get(draft, m.donor)!;
        const w = workloadOf(donor.properties as unknown as GridProps);
        const movedW = scale(w, m.share);
        gained = add(gained, movedW);
        changes.push({ id: m.donor, feature: m.donorAfter ? withWorkload({ ...donor, geometry: m.donorAfter }, add(w, movedW, -1)) : null });
      }
      changes.push({ id: receiver.id, feature: withWorkload({ ...receiver, geometry: r.receiverAfter }, add(workloadOf(receiver.properties as unknown as GridProps), gained)) });
      setDraft(change(draft, changes));
    },
    [draft, receiver, features, setDraft],
  );

  // ---- layers ----------------------------------------------------------------
  const fillOf = useCallback(
    (f: UnitFeature<AnyProps>): RGBA => {
      if (selected.includes(f.id)) return COLOURS.selected;
      if (layer !== 'grid') return COLOURS.neutral;
      const b = barById.get(f.id);
      if (!b) return COLOURS.neutral;
      return Math.abs(b.value - gridSpread.mean) > band * gridSpread.mean ? COLOURS.outBand : COLOURS.inBand;
    },
    [selected, layer, barById, gridSpread, band],
  );

  const layers = [
    new GeoJsonLayer<AnyProps>({
      id: 'units',
      data: features as Feature[] as never,
      pickable: mode === 'select' || mode === 'paint' || mode === 'edit',
      stroked: true,
      filled: true,
      getFillColor: (f) => fillOf(f as unknown as UnitFeature<AnyProps>),
      getLineColor: (f) => (changed.has((f as unknown as UnitFeature<AnyProps>).id) ? COLOURS.changed : COLOURS.line),
      getLineWidth: (f) => (changed.has((f as unknown as UnitFeature<AnyProps>).id) ? 3 : 1.2),
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: [selected, barById, band, layer], getLineColor: [changed], getLineWidth: [changed] },
      ...UNDER_LABELS,
    }),
    checks.gap &&
      new GeoJsonLayer({ id: 'gap', data: { type: 'Feature', properties: {}, geometry: checks.gap.geometry } as never, getFillColor: COLOURS.gap, getLineColor: [194, 65, 12, 255], getLineWidth: 2, lineWidthUnits: 'pixels', ...UNDER_LABELS }),
    checks.subgridsOutside.length > 0 &&
      new GeoJsonLayer({ id: 'subgrids-outside', data: featureCollection(checks.subgridsOutside.map((s) => ({ type: 'Feature', properties: {}, geometry: s.geometry }) as Feature)) as never, getFillColor: COLOURS.outside, getLineColor: [107, 33, 168, 255], getLineWidth: 2, lineWidthUnits: 'pixels' }),
    checks.overlaps.length > 0 &&
      new GeoJsonLayer({ id: 'overlaps', data: featureCollection(checks.overlaps.map((o) => o.area)) as never, getFillColor: COLOURS.overlap, getLineColor: [127, 29, 29, 255], getLineWidth: 2, lineWidthUnits: 'pixels' }),
    stroke.length > 0 && new H3HexagonLayer({ id: 'stroke', data: stroke, getHexagon: (h: string) => h, getFillColor: [245, 158, 11, 140], extruded: false, stroked: true, getLineColor: [180, 83, 9, 255], lineWidthUnits: 'pixels', getLineWidth: 1 }),
    comparison &&
      new GeoJsonLayer({ id: 'history-before', data: featureCollection(comparison.before ? [{ type: 'Feature', properties: {}, geometry: comparison.before } as Feature] : []) as never, filled: true, getFillColor: [100, 116, 139, 50], getLineColor: COLOURS.before, getLineWidth: 3, lineWidthUnits: 'pixels' }),
    comparison &&
      new GeoJsonLayer({ id: 'history-after', data: featureCollection(comparison.after ? [{ type: 'Feature', properties: {}, geometry: comparison.after } as Feature] : []) as never, filled: false, getLineColor: COLOURS.after, getLineWidth: 3, lineWidthUnits: 'pixels' }),
    proposal &&
      new GeoJsonLayer({
        id: 'proposal',
        data: { type: 'FeatureCollection', features: proposal.features } as never,
        getFillColor: (f: Feature) => ((f.properties as { in_band?: boolean }).in_band ? [34, 197, 94, 80] : [248, 113, 113, 110]),
        getLineColor: [21, 128, 61, 255],
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        pickable: false,
      }),
  ];

  const onPick = useCallback(
    (info: PickingInfo, e: { originalEvent: MouseEvent }) => {
      // Drawing a line or a polygon: the clicks are its points, not a selection.
      if (mode !== 'select' && mode !== 'edit' && mode !== 'paint') return;
      if (mode === 'paint' && receiver) return;
      const f = info.layer?.id === 'units' ? (info.object as UnitFeature<AnyProps> | null) : null;
      if (!f) {
        if (mode === 'select') setSelected([]);
        return;
      }
      setSelected((s) => (e.originalEvent.shiftKey ? (s.includes(f.id) ? s.filter((x) => x !== f.id) : [...s, f.id]) : [f.id]));
    },
    [mode, receiver],
  );

  if (data.error) return <p role="alert">{t('common.error', { message: data.error })}</p>;

  const dirty = draft ? isDirty(draft) : false;
  const changeCount = draft ? changedIds(draft).length : 0;
  const blocked = checks.overlaps.length > 0;

  return (
    <div className="workspace planner">
      <MapView layers={layers} onPick={onPick}>
        <Search onSelect={(g) => layer === 'grid' && setSelected([g.id])} />
        <DrawBridge mode={drawMode} snapLines={snapLines} editing={editPart?.polygon ?? null} onPolygon={onPolygon} onLine={onLine} onEdited={onEdited} />
        <PaintBrush active={mode === 'paint' && !!receiver} res={paintRes} radius={brush} onStroke={setStroke} onDone={applyPaint} />
        <LayerSwitcher available={['grids', 'subgrids', 'blocks', 'components', 'cases']} initial={['subgrids']} />
        <div className="panel toolbar" role="toolbar" aria-label={t('planner.layer')}>
          <select aria-label={t('planner.layer')} value={layer} onChange={(e) => data.setLayer(e.target.value as UnitLayer)} disabled={dirty}>
            {(['grid', 'subgrid', 'block'] as UnitLayer[]).map((l) => (
              <option key={l} value={l}>
                {t(`units.${l}`)}
              </option>
            ))}
          </select>
          {(['select', 'draw', 'edit', 'split', 'paint'] as Mode[]).map((m) => (
            <button key={m} type="button" data-mode={m} aria-pressed={mode === m} disabled={(m === 'edit' || m === 'split') && !selectedFeature || (m === 'paint' && layer !== 'grid')} onClick={() => setMode(m)}>
              {t(`planner.modes.${m}`)}
            </button>
          ))}
          <button type="button" data-action="merge" disabled={selected.length < 2} onClick={() => void merge()}>
            {t('planner.modes.merge')}
          </button>
          <button type="button" data-action="delete" disabled={selected.length === 0} onClick={remove}>
            {t('planner.modes.delete')}
          </button>
          <button type="button" data-action="undo" disabled={!draft?.past.length} onClick={() => update(undo)}>
            {t('planner.undo')}
          </button>
          <button type="button" data-action="redo" disabled={!draft?.future.length} onClick={() => update(redo)}>
            {t('planner.redo')}
          </button>
          <button type="button" className="primary" data-action="save" disabled={!dirty || blocked || saving} onClick={() => void save()}>
            {saving ? t('planner.saving') : t('planner.save', { count: changeCount })}
          </button>
        </div>
        <Legend
          entries={[
            { colour: css(COLOURS.inBand), label: t('planner.legend.inBand') },
            { colour: css(COLOURS.outBand), label: t('planner.legend.outBand') },
            { colour: css(COLOURS.changed), label: t('planner.legend.changed') },
            { colour: css(COLOURS.overlap), label: t('planner.legend.overlap') },
            { colour: css(COLOURS.gap), label: t('planner.legend.gap') },
          ]}
        />
        <Toast toast={toast} onClose={() => setToast(null)} />
      </MapView>
      <aside className="side">
        <p className="muted" data-testid="hint">
          {mode === 'paint' ? (receiver ? t('planner.hint.paint', { grid: receiver.properties.name }) : t('planner.hint.paintPick')) : t(`planner.hint.${mode}`)}
        </p>
        {mode === 'paint' && (
          <div className="row">
            <label>
              {t('planner.resolution')}{' '}
              <select value={paintRes} onChange={(e) => setPaintRes(Number(e.target.value))}>
                {[9, 10, 11].map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <label>
              {t('planner.brush')}{' '}
              <select value={brush} onChange={(e) => setBrush(Number(e.target.value))}>
                {[0, 1, 2, 3].map((r) => (
                  <option key={r} value={r}>
                    {2 * r + 1}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {conflict && (
          <div role="alert" className="conflict">
            <h3>{t('planner.conflict.title')}</h3>
            <p>{t('planner.conflict.text', { list: conflict.join('、') })}</p>
            <button
              type="button"
              onClick={() => {
                setConflict(null);
                void data.reload(layer);
              }}
            >
              {t('planner.conflict.reload')}
            </button>
          </div>
        )}
        <Selection features={selected.map((id) => (draft ? get(draft, id) : null)).filter(Boolean) as UnitFeature<AnyProps>[]} layer={layer} onTrim={checks.overlaps.some((o) => selected.includes(o.a) || selected.includes(o.b)) ? trim : undefined} />
        <IssueList checks={checks} draft={draft} />
        <section>
          <h2>{t('planner.workload.title')}</h2>
          <div className="row">
            <select aria-label={t('planner.workload.metric')} value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`planner.workload.metrics.${m}`)}
                </option>
              ))}
            </select>
            <select aria-label={t('planner.workload.scope')} value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'street')}>
              <option value="all">{t('planner.workload.scopeAll')}</option>
              <option value="street">{t('planner.workload.scopeStreet')}</option>
            </select>
            <select aria-label={t('planner.workload.band', { band: Math.round(band * 100) })} value={band} onChange={(e) => setBand(Number(e.target.value))}>
              {[0.1, 0.15, 0.2, 0.25].map((b) => (
                <option key={b} value={b}>
                  {t('planner.workload.band', { band: Math.round(b * 100) })}
                </option>
              ))}
            </select>
          </div>
          <WorkloadChart bars={bars} band={band} metric={metric} onSelect={(id) => layer === 'grid' && setSelected([id])} />
          {features.some((f) => f.properties._estimated) && <p className="muted">* {t('planner.workload.estimated')}</p>}
        </section>
        {layer === 'grid' && loaded && (
          <ProposePanel
            grids={loaded.grids}
            selected={selectedGrid}
            band={band}
            proposal={proposal}
            onProposal={setProposal}
            onApplied={async (count) => {
              setProposal(null);
              await data.reload('grid');
              say(t('planner.propose.applied', { count }));
            }}
            onAdjust={(p) => {
              if (!draft) return;
              setDraft(change(draft, p.features.filter((f) => (f.id as number) > 0 && get(draft, f.id as number)).map((f) => ({ id: f.id as number, feature: withWorkload({ ...get(draft, f.id as number)!, geometry: toMulti(f.geometry as Polygon | MultiPolygon) }, workloadOf(f.properties as unknown as GridProps)) }))));
              setProposal(null);
            }}
            onError={(m) => say(m, true)}
          />
        )}
        {selectedFeature && selectedFeature.id > 0 && <HistoryPanel layer={layer} id={selectedFeature.id} comparison={comparison} onCompare={setComparison} />}
        {draft && (
          <ImportExport
            layer={layer}
            features={features}
            bars={bars}
            metric={metric}
            onImport={(changes, summary) => {
              setDraft(change(draft, changes));
              say(t('planner.io.imported', { ...summary }));
            }}
            onError={(m) => say(m, true)}
          />
        )}
        <p className="muted">{t('planner.selection', { count: selected.length })} · {PLURAL[layer]}: {features.length}</p>
      </aside>
    </div>
  );
}

function DrawBridge(props: { mode: DrawMode; snapLines: Position[][]; editing: Polygon | null; onPolygon(p: Polygon): void; onLine(l: LineString): void; onEdited(p: Polygon): void }) {
  useDraw(props);
  return null;
}

/** Press and drag on the map to paint cells; the map does not pan while painting. */
function PaintBrush({ active, res, radius, onStroke, onDone }: { active: boolean; res: number; radius: number; onStroke(cells: string[]): void; onDone(cells: string[]): void }) {
  const handle = useMap();
  const cells = useRef<Set<string>>(new Set());
  const down = useRef(false);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (!handle || !active) return;
    const { map } = handle;
    map.dragPan.disable();
    const at = (e: { lngLat: { lng: number; lat: number } }) => {
      for (const c of brushCells(e.lngLat.lng, e.lngLat.lat, res, radius)) cells.current.add(c);
      onStroke([...cells.current]);
    };
    const onDown = (e: { lngLat: { lng: number; lat: number } }) => {
      down.current = true;
      cells.current = new Set();
      at(e);
    };
    const onMove = (e: { lngLat: { lng: number; lat: number } }) => {
      if (down.current) at(e);
    };
    const onUp = () => {
      if (!down.current) return;
      down.current = false;
      const painted = [...cells.current];
      cells.current = new Set();
      onStroke([]);
      done.current(painted);
    };
    map.on('mousedown', onDown);
    map.on('mousemove', onMove);
    map.on('mouseup', onUp);
    map.on('touchstart', onDown);
    map.on('touchmove', onMove);
    map.on('touchend', onUp);
    return () => {
      map.off('mousedown', onDown);
      map.off('mousemove', onMove);
      map.off('mouseup', onUp);
      map.off('touchstart', onDown);
      map.off('touchmove', onMove);
      map.off('touchend', onUp);
      map.dragPan.enable();
    };
  }, [handle, active, res, radius, onStroke]);
  return null;
}

function Selection({ features, layer, onTrim }: { features: UnitFeature<AnyProps>[]; layer: UnitLayer; onTrim?: () => void }) {
  const { t } = useTranslation();
  if (features.length === 0) return <p className="muted">{t('planner.none')}</p>;
  return (
    <section data-testid="selection">
      <h2>{features.length === 1 ? String(features[0]!.properties.name) : t('planner.selection', { count: features.length })}</h2>
      {features.length === 1 && (
        <table>
          <tbody>
            <tr>
              <th>{t('planner.details.code')}</th>
              <td>{String(features[0]!.properties.code ?? '')}</td>
            </tr>
            {layer === 'grid' && (
              <>
                <tr>
                  <th>{t('planner.details.street')}</th>
                  <td>
                    {String(features[0]!.properties.street ?? '')} {String(features[0]!.properties.community ?? '')}
                  </td>
                </tr>
                <tr>
                  <th>{t('planner.workload.metrics.households')}</th>
                  <td>{Math.round(Number(features[0]!.properties.households ?? 0)).toLocaleString()}</td>
                </tr>
                <tr>
                  <th>{t('planner.workload.metrics.components')}</th>
                  <td>{Math.round(Number(features[0]!.properties.components ?? 0)).toLocaleString()}</td>
                </tr>
                <tr>
                  <th>{t('planner.workload.metrics.open_cases')}</th>
                  <td>{Math.round(Number(features[0]!.properties.open_cases ?? 0))}</td>
                </tr>
                <tr>
                  <th>{t('planner.workload.metrics.cases_last_365d')}</th>
                  <td>{Math.round(Number(features[0]!.properties.cases_last_365d ?? 0)).toLocaleString()}</td>
                </tr>
                {(features[0]!.properties as { team?: GridProps['team'] }).team && (
                  <tr>
                    <th>{t('planner.details.team')}</th>
                    <td>{(features[0]!.properties as { team: GridProps['team'] }).team.complete ? t('planner.details.complete') : t('planner.details.incomplete', { n: (features[0]!.properties as { team: GridProps['team'] }).team.empty_seats.length })}</td>
                  </tr>
                )}
              </>
            )}
            <tr>
              <th>{t('planner.details.area')}</th>
              <td>{Math.round(area(features[0]!.geometry)).toLocaleString()} m²</td>
            </tr>
            <tr>
              <th>{t('planner.details.version')}</th>
              <td>{String(features[0]!.properties.version ?? '')}</td>
            </tr>
          </tbody>
        </table>
      )}
      {onTrim && (
        <button type="button" onClick={onTrim}>
          {t('planner.trim')}
        </button>
      )}
    </section>
  );
}

function IssueList({ checks, draft }: { checks: Checks; draft: Draft<AnyProps> | null }) {
  const { t } = useTranslation();
  const name = (id: number) => String((draft && get(draft, id)?.properties.name) ?? id);
  const items: [kind: string, text: string][] = [
    ...checks.overlaps.map((o): [string, string] => ['overlap', t('planner.issues.overlap', { a: name(o.a), b: name(o.b), m2: Math.round(o.m2).toLocaleString() })]),
    ...(checks.gap ? [['gap', t('planner.issues.gap', { m2: Math.round(checks.gap.m2).toLocaleString() })] as [string, string]] : []),
    ...checks.subgridsOutside.map((sg): [string, string] => ['outside', t('planner.issues.subgridOutside', { name: sg.name, m2: Math.round(sg.m2).toLocaleString() })]),
    ...checks.parts.map((p): [string, string] => ['parts', t('planner.issues.parts', { name: p.name, n: p.n })]),
  ];
  return (
    <section data-testid="checks">
      <h2>{t('planner.issues.title')}</h2>
      {items.length === 0 ? (
        <p className="ok-text">{t('planner.issues.ok')}</p>
      ) : (
        <ul className="issues">
          {items.map(([kind, text]) => (
            <li key={text} data-kind={kind}>
              {text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
