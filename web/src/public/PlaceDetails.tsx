// One place: its name in the UI's language, kind, distance and way, hours, address and facts.
import { useTranslation } from 'react-i18next';
import type { NearPlace, Place } from './api.ts';
import { distanceText, wayText } from './format.ts';
import { KindIcon } from './icons.tsx';

export const nameOf = (p: Place, lang: string) => (lang === 'en' ? (p.name_en ?? p.name) : p.name);

export function PlaceFacts({ place }: { place: Place }) {
  const { t } = useTranslation();
  const d = place.details;
  return (
    <dl className="place-facts">
      {place.open_hours && (
        <>
          <dt>{t(place.kind === 'vendor_zone' ? 'public.tradingHours' : 'public.hours')}</dt>
          <dd className="hours">{place.open_hours.replace(/,/g, ', ')}</dd>
        </>
      )}
      {place.address && (
        <>
          <dt>{t('public.address')}</dt>
          <dd>{place.address}</dd>
        </>
      )}
      {d?.type && (d.type === 'service_station' || d.type === 'workstation') && <dd>{t(`public.type.${d.type}`)}</dd>}
      {d?.stalls !== undefined && <dd>{t('public.stalls', { n: d.stalls })}</dd>}
      {d?.piles !== undefined && <dd>{t('public.piles', { n: d.piles })}</dd>}
    </dl>
  );
}

export function PlaceDetails({ place, near, onBack }: { place: Place; near: NearPlace | undefined; onBack(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="place-details" aria-label={t('public.details')} data-place-id={place.id}>
      <button type="button" className="back" onClick={onBack}>
        ← {t('public.back')}
      </button>
      <h2>
        <KindIcon kind={place.kind} /> {nameOf(place, i18n.language)}
      </h2>
      <p className="muted">{t(`public.kinds.${place.kind}`)}</p>
      {near && (
        <p className="distance-line">
          <strong className="distance">{distanceText(t, near.distance_m)}</strong> · {wayText(t, near.distance_m, near.bearing_deg)}
        </p>
      )}
      <PlaceFacts place={place} />
    </section>
  );
}
