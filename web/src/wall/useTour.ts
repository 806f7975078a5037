// The auto-tour: the whole city, then each street office in turn, then the city again,
// DWELL_MS each. One timer, cleared when the tour stops or the view closes.
import type { Map as MlMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { bboxOf, type AreaFeature } from './api.ts';

const DWELL_MS = 20_000;

export function useTour(map: MlMap | null, streets: AreaFeature[], city: [number, number, number, number] | null, on: boolean): AreaFeature | null {
  const [stop, setStop] = useState<AreaFeature | null>(null);
  useEffect(() => {
    if (!map || !city) return;
    const fit = (b: [number, number, number, number]) => {
      const pad = Math.round(Math.min(map.getCanvas().clientWidth, map.getCanvas().clientHeight) * 0.08);
      map.fitBounds(b, { padding: pad, duration: on ? 2_500 : 0, maxZoom: 15 });
    };
    if (!on || streets.length === 0) {
      setStop(null);
      fit(city);
      return;
    }
    let i = -1;
    const step = () => {
      i = (i + 1) % (streets.length + 1);
      if (i === streets.length) {
        setStop(null);
        fit(city);
        return;
      }
      const s = streets[i]!;
      const b = bboxOf([s]);
      setStop(s);
      if (b) fit(b);
    };
    // The whole city first, then the street offices.
    setStop(null);
    fit(city);
    const timer = setInterval(step, DWELL_MS);
    return () => clearInterval(timer);
  }, [map, streets, city, on]);
  return stop;
}
