// Search by grid code or name; picking a result flies the map to it.
import { bbox } from '@turf/turf';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { GridFeature, UnitCollection, GridProps } from '../api/types.ts';
import { useMap } from './MapView.tsx';

export function Search({ onSelect }: { onSelect?: (grid: GridFeature) => void }) {
  const { t } = useTranslation();
  const handle = useMap();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<GridFeature[] | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<UnitCollection<GridProps>>(`/api/grids?q=${encodeURIComponent(query)}&limit=8`, { signal: ctl.signal }).then(
        (fc) => setResults(fc.features as GridFeature[]),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  function pick(g: GridFeature) {
    const [w, s, e, n] = bbox(g);
    handle?.map.fitBounds([w, s, e, n], { padding: 80, duration: 600 });
    onSelect?.(g);
    setQ('');
    setResults(null);
  }

  return (
    <div className="panel search">
      <input type="search" value={q} placeholder={t('map.search')} aria-label={t('map.search')} onChange={(e) => setQ(e.target.value)} />
      {results && (
        <ul role="listbox">
          {results.length === 0 && <li>{t('map.noResults')}</li>}
          {results.map((g) => (
            <li key={g.id} role="option" aria-selected={false} onClick={() => pick(g)}>
              <b>{g.properties.name}</b> <small>{g.properties.code}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
