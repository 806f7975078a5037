// Where the patrol stands: the phone's position (watched), or a point tapped on the
// map, which then holds until "back to GPS". The last position is kept for the next
// visit (a report can start before the first fix).
import { useCallback, useEffect, useState } from 'react';

export interface Position {
  lon: number;
  lat: number;
  accuracy: number | null;
  source: 'gps' | 'manual' | 'kept';
}

const STORAGE_KEY = 'gridcity.field.position';

function kept(): Position | null {
  try {
    const p = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Position | null;
    return p && Number.isFinite(p.lon) && Number.isFinite(p.lat) ? { ...p, source: 'kept' } : null;
  } catch {
    return null;
  }
}

export function usePosition() {
  const [position, setPosition] = useState<Position | null>(kept);
  const [gps, setGps] = useState<Position | null>(null);
  const [manual, setManual] = useState(false);
  const [denied, setDenied] = useState(false);

  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setDenied(true);
      return;
    }
    const id = navigator.geolocation.watchPosition(
      (p) => {
        setDenied(false);
        setGps({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: Math.round(p.coords.accuracy), source: 'gps' });
      },
      () => setDenied(true),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, []);

  useEffect(() => {
    if (gps && !manual) setPosition(gps);
  }, [gps, manual]);

  useEffect(() => {
    if (position) localStorage.setItem(STORAGE_KEY, JSON.stringify(position));
  }, [position]);

  const setAt = useCallback((lon: number, lat: number) => {
    setManual(true);
    setPosition({ lon, lat, accuracy: null, source: 'manual' });
  }, []);
  const backToGps = useCallback(() => {
    setManual(false);
    if (gps) setPosition(gps);
  }, [gps]);

  return { position, denied, hasGps: gps !== null, setAt, backToGps };
}
