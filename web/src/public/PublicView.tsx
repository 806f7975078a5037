// The residents' map (便民地图), no sign-in: pick a kind of place, then "near me"
// (the browser's location) or a point tapped on the map; the nearest five are listed
// with their distance and the way there, and drawn on the map with a line from the
// point. Tapping a place shows its details. Phone first: the panel is a bottom sheet
// on narrow screens and a side card on wide ones.
import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { nearestTo, placesOf, type NearPlace, type Place } from './api.ts';
import { KindIcon } from './icons.tsx';
import { isKind, KINDS, type Kind } from './kinds.ts';
import { markOf, publicLayers } from './layers.ts';
import './messages.ts';
import './public.css';
import { PlaceDetails } from './PlaceDetails.tsx';
import { PlaceList } from './PlaceList.tsx';

interface From {
  at: [number, number];
  by: 'me' | 'point';
}

/** Points are asked about to 6 decimals (about 0.1 m), as the page shows them in data-from. */
const at6 = (lon: number, lat: number): [number, number] => [Number(lon.toFixed(6)), Number(lat.toFixed(6))];

const narrow = () => window.matchMedia('(max-width: 640px)').matches;

/** Brings the point and the nearest places into view, clear of the panel. */
function FitResults({ from, results }: { from: From | null; results: NearPlace[] }) {
  const handle = useMap();
  useEffect(() => {
    if (!handle || !from || results.length === 0) return;
    const pts = [from.at, ...results.map(markOf)];
    const lons = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    const phone = narrow();
    handle.map.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      {
        padding: phone ? { top: 60, bottom: Math.round(window.innerHeight * 0.45) + 20, left: 40, right: 40 } : { top: 80, bottom: 80, left: 420, right: 80 },
        maxZoom: 17,
        duration: 0,
      },
    );
  }, [handle, from, results]);
  return null;
}

export function PublicView() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>(() => {
    const k = new URLSearchParams(location.search).get('kind');
    return isKind(k) ? k : 'toilet';
  });
  const [places, setPlaces] = useState<Place[]>([]);
  const [from, setFrom] = useState<From | null>(null);
  const [results, setResults] = useState<NearPlace[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [geo, setGeo] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setPlaces([]);
    placesOf(kind, ac.signal).then(setPlaces, (e: unknown) => {
      if (!ac.signal.aborted) setError(e instanceof ApiError ? e.message : String(e));
    });
    return () => ac.abort();
  }, [kind]);

  useEffect(() => {
    if (!from) return;
    const ac = new AbortController();
    setBusy(true);
    setError(null);
    nearestTo(kind, from.at, ac.signal).then(
      (r) => {
        setResults(r);
        setBusy(false);
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setBusy(false);
        setResults(null);
        setError(e instanceof ApiError ? e.message : String(e));
      },
    );
    return () => ac.abort();
  }, [kind, from]);

  const locate = useCallback(() => {
    setSelected(null);
    if (!('geolocation' in navigator)) {
      setGeo(t('public.geo.unsupported'));
      return;
    }
    setGeo(t('public.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGeo(null);
        setFrom({ at: at6(pos.coords.longitude, pos.coords.latitude), by: 'me' });
      },
      (e) => setGeo(e.code === e.PERMISSION_DENIED ? t('public.geo.denied') : t('public.geo.unavailable', { message: e.message || e.code })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, [t]);

  const onPick = useCallback((info: PickingInfo) => {
    const o = info.object as (Place & { properties?: Place }) | null | undefined;
    const place = o?.properties ?? o;
    if (place && typeof place === 'object' && 'kind' in place) {
      setSelected(place.id);
      return;
    }
    if (info.coordinate) {
      setGeo(null);
      setSelected(null);
      setFrom({ at: at6(info.coordinate[0]!, info.coordinate[1]!), by: 'point' });
    }
  }, []);

  const layers = useMemo(() => publicLayers(kind, places, from?.at ?? null, results ?? [], selected), [kind, places, from, results, selected]);
  const chosen = selected === null ? undefined : (results?.find((p) => p.id === selected) ?? places.find((p) => p.id === selected));
  const kindName = t(`public.kinds.${kind}`);

  return (
    <div className="public-view">
      <MapView layers={layers} onPick={onPick} className="public-map">
        <FitResults from={from} results={results ?? []} />
      </MapView>
      <section className="public-panel" aria-label={t('public.title')} data-from={from?.at.join(',')}>
        <div className="kind-picker" role="radiogroup" aria-label={t('public.kindsLabel')}>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={k === kind}
              data-kind={k}
              className={k === kind ? 'active' : ''}
              onClick={() => {
                if (k === kind) return;
                setKind(k);
                setSelected(null);
                setResults(null);
              }}
            >
              <KindIcon kind={k} size={18} />
              <span>{t(`public.kinds.${k}`)}</span>
            </button>
          ))}
        </div>
        <div className="row">
          <button type="button" className="primary near-me" data-action="near-me" onClick={locate}>
            ◎ {t('public.nearMe')}
          </button>
          <span className="muted count">{t('public.onMap', { n: places.length, kind: kindName })}</span>
        </div>
        {geo && (
          <p role="status" className="geo-message">
            {geo}
          </p>
        )}
        {error && (
          <p role="alert" className="bad-text">
            {t('public.failed', { message: error })}
          </p>
        )}
        {chosen ? (
          <PlaceDetails place={chosen} near={results?.find((p) => p.id === chosen.id)} onBack={() => setSelected(null)} />
        ) : from ? (
          <>
            <h2 className="results-title">{t(from.by === 'me' ? 'public.nearestMe' : 'public.nearestPoint', { kind: kindName })}</h2>
            {busy && !results ? <p className="muted">{t('public.searching')}</p> : results && <PlaceList kind={kind} results={results} onSelect={(p) => setSelected(p.id)} />}
          </>
        ) : (
          !geo && <p className="muted hint">{t('public.hint')}</p>
        )}
      </section>
    </div>
  );
}
