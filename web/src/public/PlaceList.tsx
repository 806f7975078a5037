// The nearest places, nearest first: rank, name, distance and the way there.
import { useTranslation } from 'react-i18next';
import type { NearPlace } from './api.ts';
import { distanceText, wayText } from './format.ts';
import type { Kind } from './kinds.ts';
import { nameOf } from './PlaceDetails.tsx';

export function PlaceList({ kind, results, onSelect }: { kind: Kind; results: NearPlace[]; onSelect(p: NearPlace): void }) {
  const { t, i18n } = useTranslation();
  if (results.length === 0) return <p role="status">{t('public.none', { kind: t(`public.kinds.${kind}`) })}</p>;
  return (
    <ol className="public-results">
      {results.map((p, i) => (
        <li key={p.id} data-place-id={p.id} data-distance={p.distance_m}>
          <button type="button" onClick={() => onSelect(p)}>
            <span className={`rank kind-${kind}`}>{i + 1}</span>
            <span className="body">
              <span className="name">{nameOf(p, i18n.language)}</span>
              <span className="way muted">{wayText(t, p.distance_m, p.bearing_deg)}</span>
            </span>
            <span className="distance">{distanceText(t, p.distance_m)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
