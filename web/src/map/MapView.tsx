// The map every view shares: MapLibre with the platform's own basemap (no internet
// needed), deck.gl layers interleaved with it, labels in the UI's language. Clicks and
// hovers are picked from the map's own events: in interleaved mode deck.gl's onClick
// does not fire.
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type MapMouseEvent, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { authorizeUrl } from '../api/client.ts';

setWorkerUrl(workerUrl);

export type Theme = 'light' | 'dark';

interface MapHandle {
  map: MlMap;
  overlay: MapLibreOverlay;
}

const MapContext = createContext<MapHandle | null>(null);

/** The map and the deck overlay, once the style has loaded. */
export function useMap(): MapHandle | null {
  return useContext(MapContext);
}

declare global {
  interface Window {
    __gridcityMap?: MlMap;
    __gridcityOverlay?: MapLibreOverlay;
  }
}

export interface MapViewProps {
  layers: (Layer | null | false | undefined)[];
  theme?: Theme;
  onPick?: (info: PickingInfo, event: MapMouseEvent) => void;
  onHover?: (info: PickingInfo | null) => void;
  /** Cursor while hovering a pickable object. */
  interactive?: boolean;
  children?: ReactNode;
  className?: string;
}

/** The text-field of every label layer in a language, to switch labels without reloading the style. */
async function labelFields(lang: string, theme: Theme): Promise<Map<string, unknown>> {
  const r = await fetch(`/styles/basemap.json?lang=${lang}&theme=${theme}`);
  const style = (await r.json()) as StyleSpecification;
  const out = new Map<string, unknown>();
  for (const l of style.layers) if (l.type === 'symbol' && l.layout?.['text-field'] !== undefined) out.set(l.id, l.layout['text-field']);
  return out;
}

export function MapView({ layers, theme = 'light', onPick, onHover, interactive = true, children, className }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const { i18n, t } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const pickRef = useRef(onPick);
  const hoverRef = useRef(onHover);
  pickRef.current = onPick;
  hoverRef.current = onHover;

  useEffect(() => {
    const map = new MlMap({
      container: container.current!,
      style: `${location.origin}/styles/basemap.json?lang=${lang}&theme=${theme}`,
      transformRequest: (url) => authorizeUrl(url),
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
      attributionControl: false,
      doubleClickZoom: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
    map.addControl(overlay);
    window.__gridcityMap = map;
    window.__gridcityOverlay = overlay;
    const pick = (e: MapMouseEvent) => overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 });
    map.on('click', (e) => {
      const info = pick(e);
      if (info && pickRef.current) pickRef.current(info, e);
      else if (pickRef.current) pickRef.current({ object: null, layer: null, coordinate: [e.lngLat.lng, e.lngLat.lat] } as unknown as PickingInfo, e);
    });
    map.on('mousemove', (e) => {
      if (!hoverRef.current && !interactive) return;
      const info = pick(e);
      map.getCanvas().style.cursor = info?.object && interactive ? 'pointer' : '';
      hoverRef.current?.(info?.object ? info : null);
    });
    map.once('load', () => setHandle({ map, overlay }));
    return () => {
      setHandle(null);
      if (window.__gridcityMap === map) {
        delete window.__gridcityMap;
        delete window.__gridcityOverlay;
      }
      map.remove();
    };
    // The map is made once; language and theme changes are applied below.
  }, []);

  // Labels follow the UI's language without reloading the style (deck layers stay).
  useEffect(() => {
    if (!handle) return;
    let live = true;
    labelFields(lang, theme).then(
      (fields) => {
        if (!live) return;
        for (const [id, field] of fields) if (handle.map.getLayer(id)) handle.map.setLayoutProperty(id, 'text-field', field as string);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [handle, lang, theme]);

  useEffect(() => {
    handle?.overlay.setProps({ layers: layers.filter(Boolean) as Layer[] });
  }, [handle, layers]);

  return (
    <div className={`map-view ${className ?? ''}`}>
      <div ref={container} className="map-canvas" data-testid="map" data-ready={handle ? 'true' : 'false'} />
      {!handle && <div className="map-loading">{t('map.loading')}</div>}
      <MapContext.Provider value={handle}>{handle && children}</MapContext.Provider>
    </div>
  );
}
