// What lives on the wall's map itself: the pulses of new cases, the auto-tour, and the
// mark that the heatmap has been drawn (performance mark `wall-heatmap-drawn`, read by
// the browser test for time to first heatmap).
import type { Map as MlMap } from 'maplibre-gl';
import { useEffect, useRef, type MutableRefObject } from 'react';
import { useMap } from '../map/MapView.tsx';
import type { AreaFeature } from './api.ts';
import { Pulses } from './pulses.ts';
import { useTour } from './useTour.ts';

interface Props {
  pulses: MutableRefObject<Pulses | null>;
  mapRef: MutableRefObject<MlMap | null>;
  streets: AreaFeature[];
  city: [number, number, number, number] | null;
  tour: boolean;
  onStop: (s: AreaFeature | null) => void;
  heatCells: number;
  onDrawn: () => void;
}

export function WallMap({ pulses, mapRef, streets, city, tour, onStop, heatCells, onDrawn }: Props) {
  const handle = useMap();
  const map = handle?.map ?? null;
  const drawn = useRef(false);

  useEffect(() => {
    if (!map) return;
    const p = new Pulses(map);
    pulses.current = p;
    mapRef.current = map;
    return () => {
      p.clear();
      if (pulses.current === p) pulses.current = null;
      if (mapRef.current === map) mapRef.current = null;
    };
  }, [map, pulses, mapRef]);

  const stop = useTour(map, streets, city, tour);
  useEffect(() => onStop(stop), [stop, onStop]);

  useEffect(() => {
    if (!map || drawn.current || heatCells === 0) return;
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => {
        drawn.current = true;
        performance.mark('wall-heatmap-drawn');
        onDrawn();
      });
    });
    return () => cancelAnimationFrame(id);
  }, [map, heatCells, onDrawn]);
  return null;
}
