// The grid chief's view (/my-grid): only their own grid — its sub-grids, street
// blocks, team, components by status, open cases with the overdue ones first and a
// deadline clock on each, whistles waiting for a report — and the case drawer with
// the steps a grid chief may take. Built for a phone: the list comes first and the
// map folds away; on a wide screen the list sits beside the map.
import type { PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { bbox } from '@turf/turf';
import type { Feature } from 'geojson';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { CaseDrawer, type DrawerAction } from '../cases/CaseDrawer.tsx';
import type { CaseFeature } from '../cases/api.ts';
import { clockOf } from '../cases/deadline.ts';
import { DeadlineClock, useNow } from '../cases/DeadlineClock.tsx';
import { currentLang } from '../i18n/index.ts';
import { css, dotStyle, type RGBA } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { LayerSwitcher, Legend } from '../map/overlays.tsx';
import { COMPONENT_STATUSES, useMyGrid, type MyGridData } from './data.ts';
import './messages.ts';

/** The steps a grid chief takes from this view (the server decides which are open). */
export const CHIEF_ACTIONS: readonly DrawerAction[] = ['acknowledge_whistle', 'verify', 'self_handle', 'dispatch', 'start', 'progress', 'feedback', 'send_back'];

type Tab = 'cases' | 'team' | 'components' | 'units';
const TABS: Tab[] = ['cases', 'team', 'components', 'units'];

const CASE_COLOURS: Record<'overdue' | 'soon' | 'ok' | 'none', RGBA> = {
  overdue: [220, 38, 38, 235],
  soon: [217, 119, 6, 235],
  ok: [21, 128, 61, 220],
  none: [100, 116, 139, 200],
};
const UNDER_LABELS = { beforeId: 'label-road-minor' } as object;

const wide = () => typeof window !== 'undefined' && window.matchMedia('(min-width: 700px)').matches;

function stateOf(c: CaseFeature, now: number): keyof typeof CASE_COLOURS {
  const k = clockOf(c.properties, now);
  return k.due === null ? 'none' : k.overdue ? 'overdue' : k.soon ? 'soon' : 'ok';
}

/** Fits the map to the grid once per grid, and to a case when asked. */
function Fit({ data, focus }: { data: MyGridData; focus: CaseFeature | null }) {
  const handle = useMap();
  const gridId = data.grid.id;
  const geometry = data.grid.geometry;
  useEffect(() => {
    if (!handle) return;
    const [w, s, e, n] = bbox(geometry);
    handle.map.fitBounds([w!, s!, e!, n!], { padding: 30, duration: 0 });
  }, [handle, gridId, geometry]);
  useEffect(() => {
    if (!handle || !focus) return;
    const [lon, lat] = focus.geometry.coordinates;
    handle.map.flyTo({ center: [lon!, lat!], zoom: Math.max(handle.map.getZoom(), 16), duration: 500 });
  }, [handle, focus]);
  return null;
}

export function MyGridView() {
  const { t } = useTranslation();
  const { user } = useSession();
  const grids = user?.grids ?? [];
  const [gridId, setGridId] = useState<number | null>(grids[0] ?? null);
  const { data, error, reload } = useMyGrid(gridId);
  const [tab, setTab] = useState<Tab>('cases');
  const [mapOpen, setMapOpen] = useState(wide);
  const [openCase, setOpenCase] = useState<number | null>(null);
  const [focus, setFocus] = useState<CaseFeature | null>(null);
  const now = useNow();

  const onPick = useCallback((info: PickingInfo) => {
    const o = info.object as CaseFeature | undefined;
    if (info.layer?.id === 'my-cases' && o) setOpenCase(o.id);
  }, []);

  const layers = useMemo(() => {
    if (!data) return [];
    return [
      new GeoJsonLayer({ id: 'my-grid', data: [data.grid] as Feature[], getFillColor: [59, 130, 246, 35], getLineColor: [29, 78, 216, 255], getLineWidth: 3, lineWidthUnits: 'pixels', ...UNDER_LABELS }),
      new GeoJsonLayer({ id: 'my-blocks', data: data.blocks as Feature[], filled: false, getLineColor: [100, 116, 139, 160], getLineWidth: 1, lineWidthUnits: 'pixels', ...UNDER_LABELS }),
      new GeoJsonLayer({ id: 'my-subgrids', data: data.subgrids as Feature[], filled: false, getLineColor: [124, 58, 237, 220], getLineWidth: 2, lineWidthUnits: 'pixels', ...UNDER_LABELS }),
      new ScatterplotLayer<CaseFeature>({
        id: 'my-cases',
        data: data.cases,
        getPosition: (c) => c.geometry.coordinates as [number, number],
        getFillColor: (c) => CASE_COLOURS[stateOf(c, now)],
        getRadius: (c) => (c.id === openCase ? 11 : 7),
        ...dotStyle(),
        pickable: true,
        updateTriggers: { getFillColor: now, getRadius: openCase },
      }),
    ];
  }, [data, now, openCase]);

  if (!user || grids.length === 0) return <p className="boundary">{t('mygrid.noGrid')}</p>;
  const g = data?.grid.properties;
  const overdue = data ? data.cases.filter((c) => c.properties.overdue).length : 0;

  return (
    <div className={`workspace mygrid ${mapOpen ? 'map-open' : 'map-closed'}`} data-testid="my-grid">
      <section className="mygrid-list" aria-label={t('mygrid.title')}>
        <header className="mygrid-head">
          {grids.length > 1 ? (
            <select value={gridId ?? ''} onChange={(e) => setGridId(Number(e.target.value))} aria-label={t('mygrid.pickGrid')}>
              {grids.map((id) => (
                <option key={id} value={id}>
                  {id === data?.grid.id && g ? `${g.name} ${g.code}` : `#${id}`}
                </option>
              ))}
            </select>
          ) : (
            <h2 data-testid="grid-name">{g ? g.name : t('common.loading')}</h2>
          )}
          {g && (
            <div className="muted">
              <span data-testid="grid-code">{g.code}</span> · {g.community} · {g.street}
            </div>
          )}
          {data && (
            <div className="row">
              <span>{t('mygrid.summary', { open: data.casesMatched, overdue })}</span>
              <button type="button" className="map-toggle" aria-expanded={mapOpen} data-action="toggle-map" onClick={() => setMapOpen(!mapOpen)}>
                {mapOpen ? t('mygrid.hideMap') : t('mygrid.showMap')}
              </button>
            </div>
          )}
        </header>
        <nav className="tabs" role="tablist">
          {TABS.map((id) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} aria-pressed={tab === id} data-tab={id} onClick={() => setTab(id)}>
              {t(`mygrid.tabs.${id}`)}
              {id === 'cases' && overdue > 0 && <span className="badge">{overdue}</span>}
            </button>
          ))}
        </nav>
        {error && (
          <p role="alert">
            {t('common.error', { message: error.message })} <button type="button" onClick={reload}>{t('common.retry')}</button>
          </p>
        )}
        {!data && !error && <p className="loading">{t('common.loading')}</p>}
        {data && tab === 'cases' && <CaseList data={data} now={now} selected={openCase} onOpen={setOpenCase} />}
        {data && tab === 'team' && <TeamPanel data={data} />}
        {data && tab === 'components' && <ComponentsPanel data={data} />}
        {data && tab === 'units' && <UnitsPanel data={data} />}
      </section>
      {mapOpen && (
        <div className="mygrid-map">
          <MapView layers={layers} onPick={onPick}>
            {data && <Fit data={data} focus={focus} />}
            <LayerSwitcher available={['grids', 'subgrids', 'components']} initial={['grids', 'subgrids']} />
            <Legend entries={(['overdue', 'soon', 'ok', 'none'] as const).map((k) => ({ colour: css(CASE_COLOURS[k]), label: t(`mygrid.legend.${k}`) }))} />
          </MapView>
        </div>
      )}
      {openCase !== null && (
        <CaseDrawer
          caseId={openCase}
          actions={CHIEF_ACTIONS}
          onClose={() => setOpenCase(null)}
          onChanged={reload}
          onLocate={(c) => {
            setMapOpen(true);
            setFocus(c);
            if (!wide()) setOpenCase(null);
          }}
        />
      )}
    </div>
  );
}

function CaseList({ data, now, selected, onOpen }: { data: MyGridData; now: number; selected: number | null; onOpen(id: number): void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const byCase = new Map(data.cases.map((c) => [c.id, c]));
  const calls = data.whistles.flatMap((w) => w.calls.filter((k) => !k.reported_at).map((k) => ({ w, k })));
  return (
    <div className="mygrid-cases">
      {calls.length > 0 && (
        <>
          <h3>{t('mygrid.openWhistles')}</h3>
          <ul className="case-list whistles" data-testid="open-whistles">
            {calls.map(({ w, k }) => (
              <li key={`${w.id}-${k.department}`}>
                <button type="button" className={`case-item ${k.late ? 'overdue' : ''}`} data-case={w.case_id} onClick={() => onOpen(w.case_id)}>
                  <span className="title">
                    {w.case_code} · {lang === 'en' && k.department_name_en ? k.department_name_en : k.department_name}
                  </span>
                  <span className="muted">{w.note}</span>
                  <span className={k.late ? 'bad-text' : 'muted'}>{t('mygrid.whistleDue', { at: new Date(k.due_at).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) })}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('mygrid.openCases')}</h3>
      {data.cases.length === 0 && <p className="muted">{t('mygrid.noCases')}</p>}
      <ul className="case-list" data-testid="case-list">
        {data.cases.map((c) => {
          const p = c.properties;
          const state = stateOf(byCase.get(c.id) ?? c, now);
          return (
            <li key={c.id}>
              <button type="button" className={`case-item ${state} ${selected === c.id ? 'selected' : ''}`} data-case={c.id} data-overdue={p.overdue ? 'true' : 'false'} onClick={() => onOpen(c.id)}>
                <span className="title">{lang === 'en' && p.type_name_en ? p.type_name_en : p.type_name}</span>
                <DeadlineClock c={p} compact />
                <span className="muted">
                  {p.code} · {t(`cases.status.${p.status}`)}
                  {p.address ? ` · ${p.address}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function TeamPanel({ data }: { data: MyGridData }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const team = data.team;
  const seatName = (s: { name_zh: string; name_en: string }) => (lang === 'en' ? s.name_en : s.name_zh);
  const empty = team.seats.filter((s) => team.empty_seats.includes(s.seat_kind)).map(seatName).join('、');
  return (
    <div className="mygrid-team" data-testid="team">
      <p className={team.complete ? 'ok-text' : 'bad-text'}>
        {team.complete
          ? t('mygrid.team.complete', { filled: team.filled_seats, required: team.required_seats })
          : t('mygrid.team.incomplete', { filled: team.filled_seats, required: team.required_seats, empty })}
      </p>
      <table>
        <tbody>
          {team.seats.map((s) => (
            <tr key={s.seat_kind}>
              <th>{seatName(s)}</th>
              <td>
                {s.holders.length === 0 ? (
                  <span className="bad-text">{t('mygrid.team.vacant')}</span>
                ) : (
                  s.holders.map((h) => (
                    <div key={h.person_id}>
                      {h.name}
                      {h.title && <span className="muted"> · {h.title}</span>}
                      {h.phone && (
                        <>
                          {' '}
                          <a href={`tel:${h.phone}`}>{h.phone}</a>
                        </>
                      )}
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {team.subgrids && team.subgrids.length > 0 && (
        <>
          <h3>{t('mygrid.team.subgrids')}</h3>
          <ul className="plain">
            {team.subgrids.map((sg) => (
              <li key={sg.id}>
                <strong>{sg.name}</strong>：{sg.chief?.name ?? t('mygrid.team.vacant')}
                <div className="muted">{sg.members.map((m) => m.name).join('、')}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {team.blocks && team.blocks.length > 0 && (
        <>
          <h3>{t('mygrid.team.blocks')}</h3>
          <ul className="plain">
            {team.blocks.map((b) => (
              <li key={b.id}>
                <strong>{b.name}</strong>
                <div className="muted">
                  {t('mygrid.team.blockChief')}：{b.block_chief?.name ?? t('mygrid.team.vacant')} · {t('mygrid.team.envChief')}：{b.environment_chief?.name ?? t('mygrid.team.vacant')}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ComponentsPanel({ data }: { data: MyGridData }) {
  const { t } = useTranslation();
  const total = COMPONENT_STATUSES.reduce((n, s) => n + data.components[s], 0);
  return (
    <div className="mygrid-components" data-testid="components">
      <h3>{t('mygrid.components.title')}</h3>
      <p className="muted">{t('mygrid.components.total', { count: total })}</p>
      <ul className="bars">
        {COMPONENT_STATUSES.map((s) => (
          <li key={s} data-status={s}>
            <span className="label">{t(`mygrid.components.status.${s}`)}</span>
            <span className="bar">
              <i className={`fill ${s}`} style={{ width: `${total ? (100 * data.components[s]) / total : 0}%` }} />
            </span>
            <span className="count">{data.components[s]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function UnitsPanel({ data }: { data: MyGridData }) {
  const { t } = useTranslation();
  return (
    <div className="mygrid-units" data-testid="units">
      <h3>{t('mygrid.units.subgrids', { count: data.subgrids.length })}</h3>
      <ul className="plain">
        {data.subgrids.map((s) => (
          <li key={s.id}>
            {s.properties.name} <span className="muted">{s.properties.code}</span>
          </li>
        ))}
      </ul>
      <h3>{t('mygrid.units.blocks', { count: data.blocks.length })}</h3>
      <ul className="plain">
        {data.blocks.map((b) => (
          <li key={b.id}>
            {b.properties.name} <span className="muted">{b.properties.code}</span>
            {b.properties.households !== undefined && <span className="muted"> · {t('mygrid.units.households', { count: b.properties.households })}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
