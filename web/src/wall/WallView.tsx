// The command centre's wall map (指挥大屏): the whole city on a dark basemap, the H3
// heatmap of cases with its Gi* hot spots, grids coloured by a KPI, the live feed as
// a ticker and pulses, KPIs, the most overdue cases (opened in the shared case drawer,
// read-only) and a tour of the street offices.
// Built to run for hours untouched: every list is bounded, every timer is cleared,
// layers keep their ids, the feed reconnects by itself.
import type { Map as MlMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { CaseDrawer } from '../cases/CaseDrawer.tsx';
import { MapView } from '../map/MapView.tsx';
import { bboxOf, grids as loadGrids, overdueCases, streets as loadStreets, type AreaFeature, type CaseFeature, type HeatFilter } from './api.ts';
import { Controls, LOWER_IS_BETTER, type Shown } from './Controls.tsx';
import { KpiPanel } from './KpiPanel.tsx';
import { gridLayer, heatLayer, hotLayer } from './layers.ts';
import './messages.ts';
import { OverduePanel } from './OverduePanel.tsx';
import type { Pulses } from './pulses.ts';
import { Ticker, type TickerItem } from './Ticker.tsx';
import { addDays, clock, today } from './time.ts';
import { useFeed, type FeedCase } from './useFeed.ts';
import { useHeatmap } from './useHeatmap.ts';
import { useGridKpi, usePanelKpis } from './useKpis.ts';
import { usePoll } from './usePoll.ts';
import { WallMap } from './WallMap.tsx';
import './wall.css';

const TICKER_MAX = 30;
/** H3 resolution of the heatmap: ?res= (7-10), default 9 (about 0.1 km², a few blocks). */
const RES = (() => {
  const r = Number(new URLSearchParams(location.search).get('res'));
  return r >= 7 && r <= 10 ? r : 9;
})();
const PLAY_STEP_MS = 3_000;
const OVERDUE_SHOWN = 8;

interface CaseType {
  code: string;
  name_zh: string;
  name_en: string | null;
}

function Clock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, []);
  return <time className="wall-clock">{`${today(now)} ${clock(now)}`}</time>;
}

export function WallView() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  // A wall is set up once: ?from=&to=&hours=&dow=&kpi=&tour=0 in its address fix the start.
  const [filter, setFilter] = useState<HeatFilter>(() => {
    const q = new URLSearchParams(location.search);
    const day = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null);
    const hours = q.get('hours');
    return {
      from: day(q.get('from')) ?? addDays(today(), -30),
      to: day(q.get('to')) ?? today(),
      hours: hours && /^\d{1,2}(-\d{1,2})?$/.test(hours) ? hours : null,
      dow: (q.get('dow') ?? '').split(',').map(Number).filter((d) => d >= 1 && d <= 7),
    };
  });
  const [playHour, setPlayHour] = useState<number | null>(null);
  const [measure, setMeasure] = useState(() => new URLSearchParams(location.search).get('kpi') ?? 'on_time_closure_rate');
  const [shown, setShown] = useState<Shown>({ heat: true, hot: true, grids: true });
  const [ticker, setTicker] = useState<TickerItem[]>([]);
  const [live, setLive] = useState({ day: today(), n: 0 });
  const [tour, setTour] = useState(() => new URLSearchParams(location.search).get('tour') !== '0');
  const [stop, setStop] = useState<AreaFeature | null>(null);
  const [openCase, setOpenCase] = useState<CaseFeature | null>(null);
  const [kick, setKick] = useState(0);
  const [drawn, setDrawn] = useState(false);
  const pulses = useRef<Pulses | null>(null);
  const mapRef = useRef<MlMap | null>(null);

  const heat = useHeatmap(filter, playHour, kick, RES);
  const panel = usePanelKpis(kick);
  const gridKpi = useGridKpi(measure, filter.from, filter.to, kick);
  const overdue = usePoll((s) => overdueCases(OVERDUE_SHOWN, s), [], 60_000, kick).data;
  const gridData = usePoll((s) => loadGrids(s), [], 30 * 60_000).data;
  const streetData = usePoll((s) => loadStreets(s), [], 30 * 60_000).data;
  const types = usePoll((s) => api<CaseType[]>('/api/reference/case-types', { signal: s }), [], 60 * 60_000).data;
  const typeNames = useMemo(() => new Map((types ?? []).map((x) => [x.code, x])), [types]);
  const typeRef = useRef(typeNames);
  typeRef.current = typeNames;
  const enRef = useRef(en);
  enRef.current = en;

  const streets = useMemo(() => streetData?.features ?? [], [streetData]);
  const city = useMemo(() => bboxOf(streets), [streets]);

  // Playback: one hour of the day after another, round the clock.
  useEffect(() => {
    if (playHour === null) return;
    const timer = setTimeout(() => setPlayHour((h) => (h === null ? null : (h + 1) % 24)), PLAY_STEP_MS);
    return () => clearTimeout(timer);
  }, [playHour]);

  const onCases = useCallback((batch: FeedCase[]) => {
    const names = typeRef.current;
    const items = batch
      .slice(-TICKER_MAX)
      .reverse()
      .map((c) => {
        const ty = names.get(c.type_code);
        return { ...c, typeName: (enRef.current && ty?.name_en) || ty?.name_zh || c.type_code };
      });
    setTicker((prev) => [...items, ...prev].slice(0, TICKER_MAX));
    const day = today();
    setLive((l) => ({ day, n: (l.day === day ? l.n : 0) + batch.filter((c) => today(Date.parse(c.at)) === day).length }));
    for (const c of batch.slice(-20)) pulses.current?.add(c.lon, c.lat);
  }, []);
  const onReset = useCallback(() => setKick((k) => k + 1), []);
  const feedState = useFeed(onCases, onReset);
  const onDrawn = useCallback(() => setDrawn(true), []);

  const layers = useMemo(
    () => [
      gridData ? gridLayer(gridData.features, gridKpi?.values ?? new Map(), gridKpi?.range ?? [0, 1], !LOWER_IS_BETTER.has(measure), measure, shown.grids, shown.heat) : null,
      heatLayer(heat?.cells ?? [], heat?.max ?? 0, shown.heat),
      hotLayer(heat?.hot ?? [], shown.hot),
    ],
    [gridData, gridKpi, measure, shown, heat],
  );

  const stopName = stop ? (en && stop.properties.name_en) || stop.properties.name : t('wall.tour.city');
  return (
    <div className="wall" data-testid="wall">
      <MapView layers={layers} theme="dark" interactive={false} className="wall-map">
        <WallMap pulses={pulses} mapRef={mapRef} streets={streets} city={city} tour={tour} onStop={setStop} heatCells={heat?.cells.length ?? 0} onDrawn={onDrawn} />
      </MapView>
      <header className="wall-head">
        <h1>{t('wall.title')}</h1>
        <span className="wall-stop" data-testid="tour-stop">{stopName}</span>
        {playHour !== null && <span className="wall-hour" data-testid="play-hour">{t('wall.hourLabel', { h: playHour })}</span>}
        <Clock />
        <button type="button" data-action="tour" aria-pressed={tour} onClick={() => setTour((x) => !x)}>
          {tour ? t('wall.tour.off') : t('wall.tour.on')}
        </button>
      </header>
      <div className="wall-left">
        <KpiPanel data={panel} liveToday={live.n} />
        <OverduePanel cases={overdue?.features ?? []} matched={overdue?.numberMatched ?? 0} onOpen={setOpenCase} />
      </div>
      <div className="wall-right">
        <Ticker items={ticker} state={feedState} />
      </div>
      <div className="wall-bottom">
        <Controls filter={filter} onFilter={setFilter} playHour={playHour} onPlay={(on) => setPlayHour(on ? 0 : null)} measure={measure} onMeasure={setMeasure} shown={shown} onShown={setShown} />
        <section className="wall-panel wall-legend">
          <h2>{t('wall.heatmap')}</h2>
          <p data-testid="heat-cells" data-count={heat?.cells.length ?? 0} data-drawn={drawn ? 'true' : 'false'}>
            {t('wall.cells', { count: heat?.cells.length ?? 0, total: heat?.total ?? 0 })}
          </p>
          <div className="wall-ramp" aria-hidden="true" />
          <p data-testid="hotspots" data-count={heat?.hotCount ?? 0}>{t('wall.hotspots', { hot: heat?.hotCount ?? 0 })}</p>
        </section>
      </div>
      {openCase && (
        <CaseDrawer
          caseId={openCase.id}
          onClose={() => setOpenCase(null)}
          onLocate={(c) => {
            setTour(false);
            mapRef.current?.flyTo({ center: c.geometry.coordinates as [number, number], zoom: 16 });
          }}
        />
      )}
    </div>
  );
}

