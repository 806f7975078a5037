// The officer's planning workspace: pick a problem (MCLP, p-median, LSCP) for charging
// sheds or vendor zones and its parameters; see the demand hexes, the exclusion zones'
// victims and the candidates; run in the server's worker (progress bar, cancel); see the
// chosen sites with catchment lines, coverage, households per pile and uncovered hot
// spots; keep scenarios and compare two; export GeoJSON; accept sites into the city.
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import { cellToLatLng } from 'h3-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Toast, useToast } from '../shell/Toast.tsx';
import { api, ApiError } from '../api/client.ts';
import { backoffMs, isTransient } from '../field/outbox.ts';
import { css, type RGBA } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import * as plans from './api.ts';
import type { Candidate, CandidateKind, DemandCell, Facility, PlanForm, Problem, Scenario } from './api.ts';
import './messages.ts';

const C = {
  demandLow: [254, 240, 138, 110] as RGBA,
  demandHigh: [220, 38, 38, 190] as RGBA,
  excluded: [190, 18, 60, 170] as RGBA,
  candidate: [100, 116, 139, 140] as RGBA,
  existing: [37, 99, 235, 230] as RGBA,
  site: [22, 163, 74, 255] as RGBA,
  second: [147, 51, 234, 255] as RGBA,
  hotspot: [190, 18, 60, 255] as RGBA,
  drawn: [234, 88, 12, 255] as RGBA,
  line: [22, 101, 52, 120] as RGBA,
};

const WEIGHTS: Record<Facility, string[]> = {
  charging_shed: ['ebike_rate', 'flying_wire'],
  vendor_zone: ['cases', 'households', 'market', 'school', 'transit_stop'],
};
const EXCLUSIONS = ['arterial_m', 'fire_lane_m', 'gate_m', 'spacing_m'];

function mix(a: RGBA, b: RGBA, t: number): RGBA {
  return [0, 1, 2, 3].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * t)) as RGBA;
}

/** "17-21" → [17..21]; "22-2" wraps; "7,8" a list; empty → undefined. */
export function parseHours(s: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (a > 23 || b > 23) continue;
    for (let h = a; ; h = (h + 1) % 24) {
      out.add(h);
      if (h === b) break;
    }
  }
  return out.size ? [...out].sort((x, y) => x - y) : undefined;
}

function FitTo({ points, fitKey }: { points: [number, number][]; fitKey: string }) {
  const handle = useMap();
  const done = useRef('');
  useEffect(() => {
    if (!handle || !points.length || done.current === fitKey) return;
    done.current = fitKey;
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const [x, y] of points) {
      w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
    }
    handle.map.fitBounds([w, s, e, n], { padding: 40, duration: 0, maxZoom: 16 });
  }, [handle, points, fitKey]);
  return null;
}

const fmt = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : Number(v).toLocaleString(undefined, { maximumFractionDigits: d }));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

export function PlanningView() {
  const { t } = useTranslation();
  const [form, setForm] = useState<PlanForm>({ problem: 'mclp', facility: 'charging_shed', p: 5, res: 10, candidates: 'cells', fixed_existing: false, exact: false, time_limit_s: 5 });
  const [hours, setHours] = useState('');
  const [weights, setWeights] = useState<Record<string, string>>({});
  const [exclusions, setExclusions] = useState<Record<string, string>>({});
  const [drawn, setDrawn] = useState<[number, number][]>([]);
  const [streets, setStreets] = useState<{ id: number; name: string; name_en: string }[]>([]);
  const [preview, setPreview] = useState<plans.Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<Scenario | null>(null);
  const [list, setList] = useState<Scenario[]>([]);
  const [compare, setCompare] = useState<number[]>([]);
  const [compared, setCompared] = useState<Scenario[]>([]);
  const [picked, setPicked] = useState<number[]>([]);
  const { toast, say, setToast } = useToast();
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';

  const fail = useCallback((e: unknown) => say(e instanceof ApiError ? e.message : String(e), true), [say]);
  const refreshList = useCallback(() => plans.scenarios().then(setList, fail), [fail]);

  useEffect(() => {
    void refreshList();
    api<{ features: { id: number; properties: { name: string; name_en: string } }[] }>('/api/areas?level=street').then(
      (fc) => setStreets(fc.features.map((f) => ({ id: f.id, name: f.properties.name, name_en: f.properties.name_en }))),
      () => undefined,
    );
  }, [refreshList]);

  const request = useCallback((): PlanForm => {
    const num = (r: Record<string, string>, keys: string[]) => {
      const out: Record<string, number> = {};
      for (const k of keys) if (r[k] !== undefined && r[k] !== '' && Number.isFinite(Number(r[k]))) out[k] = Number(r[k]);
      return Object.keys(out).length ? out : undefined;
    };
    const w = num(weights, WEIGHTS[form.facility]);
    const x = num(exclusions, EXCLUSIONS);
    const h = form.facility === 'vendor_zone' ? parseHours(hours) : undefined;
    const f: PlanForm = { ...form, ...(w ? { weights: w } : {}), ...(x ? { exclusions: x } : {}), ...(h ? { hours: h } : {}) };
    if (form.problem === 'lscp') delete f.p;
    if (form.candidates === 'drawn') f.drawn_sites = drawn;
    if (!f.capacity) delete f.capacity;
    if (!f.radius_m) delete f.radius_m;
    return f;
  }, [form, weights, exclusions, hours, drawn]);

  const doPreview = async () => {
    setBusy(true);
    try {
      setPreview(await plans.preview(request()));
      setCurrent(null);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  // Poll a running scenario until it ends; a busy server or a lost connection is asked again, later.
  const [pollFailures, setPollFailures] = useState(0);
  useEffect(() => {
    if (!current || current.status !== 'running') return;
    const timer = setTimeout(
      () => {
        plans.scenario(current.id).then(
          (s) => {
            setPollFailures(0);
            setCurrent(s);
            if (s.status !== 'running') void refreshList();
          },
          (e: unknown) => {
            fail(e);
            if (isTransient(e)) setPollFailures((n) => n + 1);
          },
        );
      },
      pollFailures ? backoffMs(pollFailures) : 400,
    );
    return () => clearTimeout(timer);
  }, [current, pollFailures, fail, refreshList]);

  const doRun = async () => {
    setBusy(true);
    try {
      const s = await plans.run(request());
      setPicked([]);
      setCurrent(s);
      void refreshList();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const doCancel = async () => {
    if (!current) return;
    try {
      setCurrent(await plans.cancel(current.id));
      void refreshList();
    } catch (e) {
      fail(e);
    }
  };
  const open = async (id: number) => {
    try {
      const s = await plans.scenario(id);
      setCurrent(s);
      setPicked([]);
      setPreview(null);
    } catch (e) {
      fail(e);
    }
  };
  const doAccept = async () => {
    if (!current || !picked.length) return;
    try {
      const r = await plans.accept(current.id, picked);
      say(t('planning.acceptedToast', { count: r.created.length, what: t(`planning.facilities.${current.facility}`) }));
      setPicked([]);
      setCurrent(await plans.scenario(current.id));
    } catch (e) {
      fail(e);
    }
  };

  useEffect(() => {
    let live = true;
    Promise.all(compare.map((id) => plans.scenario(id))).then((s) => live && setCompared(s), fail);
    return () => {
      live = false;
    };
  }, [compare, fail]);

  const res = current?.results ?? null;
  const demand: DemandCell[] = res?.demand ?? preview?.demand ?? [];
  const candidates: Candidate[] = res?.candidates ?? preview?.candidates ?? [];
  const maxDemand = useMemo(() => demand.reduce((m, c) => Math.max(m, c.weight), 0) || 1, [demand]);
  const sites = res?.sites?.features ?? [];
  const accepted = new Set(current?.accepted.map((a) => a.site) ?? []);
  const second = compared.length === 2 ? compared.find((s) => s.id !== current?.id) ?? compared[1]! : null;

  const layers = useMemo(
    () => [
      demand.length > 0 &&
        new H3HexagonLayer<DemandCell>({
          id: 'plan-demand',
          data: demand,
          getHexagon: (d) => d.h3,
          getFillColor: (d) => mix(C.demandLow, C.demandHigh, Math.sqrt(d.weight / maxDemand)),
          stroked: false,
          extruded: false,
          pickable: true,
          updateTriggers: { getFillColor: maxDemand },
        }),
      candidates.length > 0 &&
        new ScatterplotLayer<Candidate>({
          id: 'plan-candidates',
          data: candidates,
          getPosition: (d) => [d.lon, d.lat],
          getFillColor: (d) => (d.status === 'excluded' ? C.excluded : d.status === 'existing' ? C.existing : C.candidate),
          getRadius: (d) => (d.status === 'excluded' ? 6 : 4),
          radiusUnits: 'meters',
          radiusMinPixels: 1.5,
          pickable: true,
        }),
      preview && preview.existing.length > 0 &&
        new ScatterplotLayer({
          id: 'plan-existing',
          data: preview.existing,
          getPosition: (d: { lon: number; lat: number }) => [d.lon, d.lat],
          getFillColor: C.existing,
          getRadius: 25,
          radiusMinPixels: 4,
        }),
      res?.catchments &&
        new GeoJsonLayer({ id: 'plan-catchments', data: res.catchments, getLineColor: C.line, lineWidthMinPixels: 1, getLineWidth: 1 }),
      res?.hotspots && res.hotspots.length > 0 &&
        new H3HexagonLayer({
          id: 'plan-hotspots',
          data: res.hotspots,
          getHexagon: (d: { h3: string }) => d.h3,
          filled: false,
          stroked: true,
          getLineColor: C.hotspot,
          lineWidthMinPixels: 2.5,
        }),
      sites.length > 0 &&
        new ScatterplotLayer({
          id: 'plan-sites',
          data: sites,
          getPosition: (f: (typeof sites)[number]) => f.geometry.coordinates as [number, number],
          getFillColor: (f: (typeof sites)[number]) => (accepted.has(f.properties.index) ? C.existing : picked.includes(f.properties.index) ? C.drawn : C.site),
          getLineColor: [255, 255, 255, 255],
          stroked: true,
          lineWidthMinPixels: 2,
          getRadius: 30,
          radiusMinPixels: 7,
          pickable: true,
          updateTriggers: { getFillColor: [picked.join(','), [...accepted].join(',')] },
        }),
      second?.results?.sites &&
        new ScatterplotLayer({
          id: 'plan-second',
          data: second.results.sites.features,
          getPosition: (f: (typeof sites)[number]) => f.geometry.coordinates as [number, number],
          getFillColor: [0, 0, 0, 0],
          getLineColor: C.second,
          stroked: true,
          filled: false,
          lineWidthMinPixels: 3,
          getRadius: 45,
          radiusMinPixels: 10,
        }),
      drawn.length > 0 &&
        new ScatterplotLayer({ id: 'plan-drawn', data: drawn, getPosition: (d: [number, number]) => d, getFillColor: C.drawn, getRadius: 15, radiusMinPixels: 5 }),
    ],
    [demand, maxDemand, candidates, preview, res, sites, picked, accepted, second, drawn],
  );

  const onPick = (info: PickingInfo) => {
    const obj = info.object as { properties?: { index: number } } | null;
    if (info.layer?.id === 'plan-sites' && obj?.properties) {
      const i = obj.properties.index;
      if (!accepted.has(i) && !sites.find((f) => f.properties.index === i)?.properties.existing) setPicked((p) => (p.includes(i) ? p.filter((x) => x !== i) : [...p, i]));
      return;
    }
    if (form.candidates === 'drawn' && !obj && info.coordinate) setDrawn((d) => [...d, [+info.coordinate![0]!.toFixed(7), +info.coordinate![1]!.toFixed(7)]]);
  };

  const fitPoints = useMemo(() => demand.map((c) => { const [lat, lon] = cellToLatLng(c.h3); return [lon, lat] as [number, number]; }), [demand]);
  const set = <K extends keyof PlanForm>(k: K, v: PlanForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const running = current?.status === 'running';
  const excludedCount = candidates.filter((c) => c.status === 'excluded').length;

  return (
    <div className="workspace planning">
      <MapView layers={layers} onPick={onPick}>
        <FitTo points={fitPoints} fitKey={current ? `s${current.id}` : preview ? `p${preview.total_demand}` : ''} />
        <div className="panel legend plan-legend">
          <ul>
            <li><span className="swatch" style={{ background: css(C.demandHigh) }} />{t('planning.legend.demand')}</li>
            <li><span className="swatch" style={{ background: css(C.candidate) }} />{t('planning.legend.candidate')}</li>
            <li><span className="swatch" style={{ background: css(C.excluded) }} />{t('planning.legend.excluded')}</li>
            <li><span className="swatch" style={{ background: css(C.existing) }} />{t('planning.legend.existing')}</li>
            <li><span className="swatch" style={{ background: css(C.site) }} />{t('planning.legend.site')}</li>
            <li><span className="swatch" style={{ border: `2px solid ${css(C.hotspot)}` }} />{t('planning.legend.hotspot')}</li>
            {second && <li><span className="swatch" style={{ border: `2px solid ${css(C.second)}` }} />{t('planning.legend.second')} #{second.id}</li>}
          </ul>
        </div>
        <Toast toast={toast} onClose={() => setToast(null)} />
      </MapView>
      <aside className="side plan-side">
        <h2>{t('planning.title')}</h2>
        <div className="plan-form">
          <label>{t('planning.facility')}
            <select data-field="facility" value={form.facility} onChange={(e) => { set('facility', e.target.value as Facility); setWeights({}); }}>
              {(['charging_shed', 'vendor_zone'] as Facility[]).map((f) => <option key={f} value={f}>{t(`planning.facilities.${f}`)}</option>)}
            </select>
          </label>
          <label>{t('planning.problem')}
            <select data-field="problem" value={form.problem} onChange={(e) => set('problem', e.target.value as Problem)}>
              {(['mclp', 'pmedian', 'lscp'] as Problem[]).map((p) => <option key={p} value={p}>{t(`planning.problems.${p}`)}</option>)}
            </select>
          </label>
          {form.problem !== 'lscp' && (
            <label>{t('planning.p')}<input data-field="p" type="number" min={1} max={1000} value={form.p ?? ''} onChange={(e) => set('p', Number(e.target.value) || undefined)} /></label>
          )}
          <label>{t('planning.radius')}<input data-field="radius" type="number" min={10} max={5000} placeholder={form.facility === 'charging_shed' ? '200' : '300'} value={form.radius_m ?? ''} onChange={(e) => set('radius_m', Number(e.target.value) || undefined)} /></label>
          <label>{form.facility === 'charging_shed' ? t('planning.capacity') : t('planning.capacityZone')}<input data-field="capacity" type="number" min={1} value={form.capacity ?? ''} onChange={(e) => set('capacity', Number(e.target.value) || undefined)} /></label>
          <label>{t('planning.res')}
            <select data-field="res" value={form.res} onChange={(e) => set('res', Number(e.target.value))}>{[8, 9, 10, 11].map((r) => <option key={r}>{r}</option>)}</select>
          </label>
          <label>{t('planning.scope')}
            <select data-field="scope" value={form.scope?.street_office ?? ''} onChange={(e) => set('scope', e.target.value ? { street_office: Number(e.target.value) } : undefined)}>
              <option value="">{t('planning.wholeCity')}</option>
              {streets.map((s) => <option key={s.id} value={s.id}>{en ? s.name_en : s.name}</option>)}
            </select>
          </label>
          <label>{t('planning.candidates')}
            <select data-field="candidates" value={form.candidates} onChange={(e) => set('candidates', e.target.value as CandidateKind)}>
              {(['cells', 'open_spaces', 'drawn'] as CandidateKind[]).map((c) => <option key={c} value={c}>{t(`planning.candidateKinds.${c}`)}</option>)}
            </select>
          </label>
          {form.candidates === 'drawn' && (
            <p className="muted">{t('planning.drawnHint', { count: drawn.length })} <button type="button" onClick={() => setDrawn([])}>{t('planning.clearDrawn')}</button></p>
          )}
          {form.facility === 'vendor_zone' && (
            <label>{t('planning.hours')}<input data-field="hours" value={hours} placeholder="17-21" onChange={(e) => setHours(e.target.value)} /></label>
          )}
          <label className="check"><input type="checkbox" data-field="fixed" checked={form.fixed_existing} onChange={(e) => set('fixed_existing', e.target.checked)} />{t('planning.fixedExisting')}</label>
          <label className="check"><input type="checkbox" data-field="exact" checked={form.exact} onChange={(e) => set('exact', e.target.checked)} />{t('planning.exact')}</label>
          <label>{t('planning.timeLimit')}<input data-field="time" type="number" min={0.5} max={120} step={0.5} value={form.time_limit_s} onChange={(e) => set('time_limit_s', Number(e.target.value) || 5)} /></label>
          <details>
            <summary>{t('planning.weights')}</summary>
            {WEIGHTS[form.facility].map((k) => (
              <label key={k}>{t(`planning.weight.${k}`)}<input type="number" min={0} step="any" placeholder={preview?.weights[k] !== undefined ? String(preview.weights[k]) : ''} value={weights[k] ?? ''} onChange={(e) => setWeights((w) => ({ ...w, [k]: e.target.value }))} /></label>
            ))}
          </details>
          <details>
            <summary>{t('planning.exclusions')}</summary>
            {EXCLUSIONS.map((k) => (
              <label key={k}>{t(`planning.exclusion.${k}`)}<input type="number" min={0} step="any" placeholder={preview?.exclusions[k] !== undefined ? String(preview.exclusions[k]) : ''} value={exclusions[k] ?? ''} onChange={(e) => setExclusions((w) => ({ ...w, [k]: e.target.value }))} /></label>
            ))}
          </details>
          <label>{t('planning.name')}<input data-field="name" value={form.name ?? ''} maxLength={200} onChange={(e) => set('name', e.target.value || undefined)} /></label>
        </div>
        <div className="row">
          <button type="button" data-action="preview" disabled={busy || running} onClick={doPreview}>{busy && !current ? t('planning.previewing') : t('planning.preview')}</button>
          <button type="button" data-action="run" className="primary" disabled={busy || running} onClick={doRun}>{t('planning.run')}</button>
          {running && <button type="button" data-action="cancel" onClick={doCancel}>{t('planning.cancel')}</button>}
        </div>
        {preview && !current && (
          <p className="muted" data-testid="plan-preview">
            {t('planning.demandCells', { count: preview.demand.length, total: fmt(preview.total_demand, 0) })}<br />
            {t('planning.candidateCount', { free: candidates.length - excludedCount, excluded: excludedCount })}
            {excludedCount > 0 && ` (${Object.entries(candidates.reduce<Record<string, number>>((m, c) => (c.reason ? { ...m, [c.reason]: (m[c.reason] ?? 0) + 1 } : m), {})).map(([k, n]) => `${t(`planning.reasons.${k}`)} ${n}`).join('，')})`}
          </p>
        )}
        {running && (
          <div data-testid="plan-progress">
            <progress max={1} value={current.progress?.fraction ?? 0} />
            <span className="muted"> {t('planning.running', { seconds: fmt(current.progress?.seconds ?? 0) })}</span>
          </div>
        )}
        {current && !running && (
          <section data-testid="plan-results" data-status={current.status}>
            <h3>{t('planning.results')} #{current.id} · {t(`planning.status.${current.status}`)}</h3>
            {current.error && <p className="bad-text">{current.error}</p>}
            {current.summary && (
              <table>
                <tbody>
                  <tr><th>{t('planning.coverage')}</th><td data-testid="plan-coverage">{fmt(current.summary.covered_pct, 2)}%</td></tr>
                  <tr><th>{t('planning.objective')}</th><td>{fmt(current.summary.objective, 1)}</td></tr>
                  <tr><th>{t('planning.gap')}</th><td>{pct(current.summary.gap)}</td></tr>
                  <tr><th>{t('planning.sitesChosen')}</th><td>{current.summary.sites_chosen}</td></tr>
                  <tr><th>{t('planning.method')}</th><td>{current.summary.method}</td></tr>
                  <tr><th>{t('planning.seconds')}</th><td>{fmt(current.summary.seconds, 2)}</td></tr>
                </tbody>
              </table>
            )}
            {sites.length > 0 && (
              <>
                <table className="plan-sites">
                  <thead>
                    <tr><th /><th>{t('planning.site')}</th><th>{t('planning.households')}</th>{current.facility === 'charging_shed' && <><th>{t('planning.piles')}</th><th>{t('planning.perPile')}</th></>}<th>{t('planning.meanDistance')}</th></tr>
                  </thead>
                  <tbody>
                    {sites.map((f) => {
                      const p = f.properties;
                      const done = accepted.has(p.index);
                      return (
                        <tr key={p.index} data-testid="plan-site" data-index={p.index}>
                          <td><input type="checkbox" aria-label={`${t('planning.site')} ${p.index}`} disabled={done || p.existing} checked={done || picked.includes(p.index)} onChange={() => setPicked((x) => (x.includes(p.index) ? x.filter((i) => i !== p.index) : [...x, p.index]))} /></td>
                          <td>{p.existing ? `★ ${p.label}` : `#${p.index}`}{done && <span className="ok-text"> · {t('planning.accepted')}</span>}</td>
                          <td>{fmt(p.households, 0)}</td>
                          {current.facility === 'charging_shed' && <><td>{p.piles}</td><td>{fmt(p.households_per_pile)}</td></>}
                          <td>{fmt(p.mean_distance_m, 0)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <div className="row">
                  <button type="button" data-action="accept" className="primary" disabled={!picked.length} onClick={doAccept}>{t('planning.accept', { count: picked.length })}</button>
                  <button type="button" data-action="export" onClick={() => void plans.exportSites(current.id, current.facility).catch(fail)}>{t('planning.export')}</button>
                </div>
              </>
            )}
            {!!res?.hotspots?.length && (
              <>
                <h3>{t('planning.hotspots')}</h3>
                <table data-testid="plan-hotspots">
                  <tbody>
                    {res.hotspots.slice(0, 5).map((h) => (
                      <tr key={h.h3}><td>{h.h3}</td><td>{fmt(h.weight)}</td><td>{fmt(h.distance_m, 0)} m</td></tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        )}
        <h3>{t('planning.scenarios')}</h3>
        {list.length === 0 ? <p className="muted">{t('planning.noScenarios')}</p> : <p className="muted">{t('planning.compareTwo')}</p>}
        <ul className="plan-scenarios">
          {list.map((s) => (
            <li key={s.id} data-testid="scenario" data-id={s.id}>
              <input type="checkbox" aria-label={`${t('planning.compare')} #${s.id}`} checked={compare.includes(s.id)} onChange={() => setCompare((c) => (c.includes(s.id) ? c.filter((x) => x !== s.id) : [...c.slice(-1), s.id]))} />
              <button type="button" className="link" onClick={() => void open(s.id)}>
                #{s.id} {s.name ?? ''} {t(`planning.facilities.${s.facility}`)} · {t(`planning.problems.${s.problem}`)} · {t(`planning.status.${s.status}`)}
                {s.summary && ` · ${fmt(s.summary.covered_pct, 1)}%`}
              </button>
            </li>
          ))}
        </ul>
        {compared.length === 2 && (
          <table data-testid="compare">
            <thead><tr><th>{t('planning.figure')}</th>{compared.map((s) => <th key={s.id}>#{s.id}</th>)}</tr></thead>
            <tbody>
              <tr><th>{t('planning.problem')}</th>{compared.map((s) => <td key={s.id}>{t(`planning.problems.${s.problem}`)}</td>)}</tr>
              <tr><th>p / {t('planning.radius')}</th>{compared.map((s) => <td key={s.id}>{s.params.p ?? '—'} / {s.params.radius_m}</td>)}</tr>
              <tr><th>{t('planning.sitesChosen')}</th>{compared.map((s) => <td key={s.id}>{s.summary?.sites_chosen ?? '—'}</td>)}</tr>
              <tr><th>{t('planning.coverage')}</th>{compared.map((s) => <td key={s.id}>{fmt(s.summary?.covered_pct, 2)}%</td>)}</tr>
              <tr><th>{t('planning.objective')}</th>{compared.map((s) => <td key={s.id}>{fmt(s.summary?.objective)}</td>)}</tr>
              <tr><th>{t('planning.gap')}</th>{compared.map((s) => <td key={s.id}>{pct(s.summary?.gap)}</td>)}</tr>
              <tr><th>{t('planning.households')}</th>{compared.map((s) => <td key={s.id}>{fmt(s.results?.sites?.features.reduce((a, f) => a + f.properties.households, 0), 0)}</td>)}</tr>
            </tbody>
          </table>
        )}
      </aside>
    </div>
  );
}
