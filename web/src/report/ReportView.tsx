// The residents' report page (码上反映), opened from a QR code: /report?c=<community or
// grid code>, no sign-in, phone first. The QR code's place is named; the resident picks
// a problem from a short plain-language list, puts a pin on a small map (at the
// community's centre first, or at the phone's position), adds up to three photos
// (shrunk in a canvas before sending), a description and, if they like, a name and a
// phone number; sends; and gets a tracking code to follow the case with (/track).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../api/client.ts';
import { fileReport, reportPlace, reportTypes, type Filed, type ReportPlace, type ReportType } from './api.ts';
import './messages.ts';
import { MAX_PHOTOS, shrinkPhoto, type Shrunk } from './photo.ts';
import { PinMap, type Pin } from './PinMap.tsx';
import './report.css';
import { TypeIcon } from './TypeIcon.tsx';

const CODE = /^([0-9]{12}|[0-9]{15})$/;

type PinBy = 'centre' | 'me' | 'tap';

function errorText(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!(e instanceof ApiError)) return t('report.errors.failed', { message: String(e) });
  if (e.status === 429) {
    const s = Number((e.details as { retry_after_s?: number } | undefined)?.retry_after_s ?? 3600);
    return t('report.errors.rateLimited', { min: Math.max(1, Math.ceil(s / 60)) });
  }
  if (e.status === 400 && /outside/i.test(e.message)) return t('report.errors.outside');
  if (e.status === 413) return t('report.errors.tooLarge');
  if (e.status === 400 || e.status === 422) return t('report.errors.invalid', { message: e.message });
  return t('report.errors.failed', { message: e.message });
}

export function ReportView() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [code] = useState(() => new URLSearchParams(location.search).get('c')?.trim() ?? '');
  const [place, setPlace] = useState<ReportPlace | null>(null);
  const [placeState, setPlaceState] = useState<'loading' | 'ok' | 'unknown' | 'none'>(() => (CODE.test(code) ? 'loading' : code ? 'unknown' : 'none'));
  const [types, setTypes] = useState<ReportType[]>([]);
  const [type, setType] = useState<string | null>(null);
  const [pin, setPin] = useState<Pin | null>(null);
  const [pinBy, setPinBy] = useState<PinBy>('centre');
  const [follow, setFollow] = useState(0);
  const [geo, setGeo] = useState<string | null>(null);
  const [photos, setPhotos] = useState<Shrunk[]>([]);
  const [shrinking, setShrinking] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    reportTypes(ac.signal).then(setTypes, (e: unknown) => !ac.signal.aborted && setError(errorText(e, t)));
    if (CODE.test(code)) {
      reportPlace(code, ac.signal).then(
        (p) => {
          setPlace(p);
          setPlaceState('ok');
          setPin((old) => old ?? p.centre);
        },
        () => !ac.signal.aborted && setPlaceState('unknown'),
      );
    }
    return () => ac.abort();
    // Once per page: the code is read from the URL at start.
  }, [code]);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setGeo(t('report.geo.unsupported'));
      return;
    }
    setGeo(t('report.where.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGeo(null);
        setPin([Number(pos.coords.longitude.toFixed(6)), Number(pos.coords.latitude.toFixed(6))]);
        setPinBy('me');
        setFollow((n) => n + 1);
      },
      (e) => setGeo(e.code === e.PERMISSION_DENIED ? t('report.geo.denied') : t('report.geo.unavailable', { message: e.message || e.code })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }, [t]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setPhotoError(null);
    setShrinking(true);
    const room = MAX_PHOTOS - photos.length;
    const added: Shrunk[] = [];
    for (const f of [...files].slice(0, room)) {
      try {
        added.push(await shrinkPhoto(f));
      } catch (e) {
        setPhotoError(t('report.photos.failed', { message: e instanceof Error ? e.message : String(e) }));
      }
    }
    setPhotos((old) => [...old, ...added].slice(0, MAX_PHOTOS));
    setShrinking(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!type) {
      setError(t('report.chooseType'));
      return;
    }
    if (!pin) {
      setError(t('report.where.needPin'));
      return;
    }
    setBusy(true);
    try {
      const a = await fileReport({
        type_code: type,
        lon: pin[0],
        lat: pin[1],
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(place ? { community: place.code } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(photos.length ? { photos: photos.map((p) => p.dataUrl) } : {}),
      });
      setFiled(a);
      window.scrollTo(0, 0);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (filed) {
    return (
      <main className="report-page report-done" data-state="filed">
        <h1>✓ {t('report.done.title')}</h1>
        <p className="muted">{t('report.done.code')}</p>
        <p className="tracking-code" data-testid="tracking-code">
          {filed.tracking_code}
        </p>
        <p>{t('report.done.keep')}</p>
        {filed.service_notice && <p className="muted">{filed.service_notice}</p>}
        <Link className="button primary big" href={`/track?code=${filed.tracking_code}`} data-action="follow">
          {t('report.done.follow')}
        </Link>
        <button type="button" className="big" onClick={() => location.reload()}>
          {t('report.done.another')}
        </button>
      </main>
    );
  }

  const placeName = place ? (en && place.name_en) || place.name : null;
  return (
    <main className="report-page">
      <section className="report-place" data-state={placeState}>
        {placeState === 'ok' && place ? (
          <>
            <span className="muted">{t(`report.place.${place.kind}`)}</span>
            <strong data-testid="place-name">{placeName}</strong>
            <span className="muted">
              {place.kind === 'grid' ? `${(en && place.community_en) || place.community} · ` : ''}
              {(en && place.street_en) || place.street}
            </span>
          </>
        ) : (
          <span className={placeState === 'loading' ? 'muted' : 'warn-text'}>{t(`report.place.${placeState}`, { code })}</span>
        )}
      </section>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('report.step.type')}</legend>
          <div className="report-types" role="radiogroup" aria-label={t('report.step.type')}>
            {types.map((x) => (
              <button key={x.key} type="button" role="radio" aria-checked={type === x.type_code} data-type={x.key} className={type === x.type_code ? 'active' : ''} onClick={() => setType(x.type_code)}>
                <TypeIcon kind={x.key} />
                <span className="type-name">{en ? x.name_en : x.name_zh}</span>
                <span className="type-hint">{en ? x.hint_en : x.hint_zh}</span>
              </button>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('report.step.where')}</legend>
          <div className="row">
            <button type="button" data-action="locate" onClick={locate}>
              ◎ {t('report.where.myPosition')}
            </button>
            <span className="muted small">{t('report.where.hint')}</span>
          </div>
          {geo && (
            <p role="status" className="geo-message">
              {geo}
            </p>
          )}
          <PinMap
            pin={pin}
            bbox={place?.bbox ?? null}
            follow={follow}
            onPin={(p) => {
              setPin(p);
              setPinBy('tap');
            }}
          />
          {pin && (
            <p className="muted small" data-pin={pin.join(',')} data-pin-by={pinBy}>
              {t(pinBy === 'centre' ? 'report.where.atCentre' : pinBy === 'me' ? 'report.where.atMe' : 'report.where.atTap')}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('report.step.photos', { n: MAX_PHOTOS })}</legend>
          <div className="report-photos">
            {photos.map((p, i) => (
              <figure key={i} data-bytes={p.bytes}>
                <img src={p.dataUrl} alt="" />
                <figcaption>
                  {t('report.photos.size', { kb: Math.round(p.bytes / 1024) })}
                  <button type="button" onClick={() => setPhotos((old) => old.filter((_, j) => j !== i))}>
                    {t('report.photos.remove')}
                  </button>
                </figcaption>
              </figure>
            ))}
            {photos.length < MAX_PHOTOS && (
              <label className="add-photo">
                <span>＋ {t('report.photos.add')}</span>
                <input
                  type="file"
                  accept="image/*"
                  multiple
                  data-testid="photo-input"
                  onChange={(e) => {
                    void addPhotos(e.currentTarget.files);
                    e.currentTarget.value = '';
                  }}
                />
              </label>
            )}
          </div>
          {shrinking && <p className="muted small">{t('report.photos.shrinking')}</p>}
          {photoError && <p role="alert">{photoError}</p>}
        </fieldset>
        <fieldset>
          <legend>{t('report.step.describe')}</legend>
          <textarea rows={3} maxLength={1000} value={description} placeholder={t('report.describePlaceholder')} onChange={(e) => setDescription(e.target.value)} />
        </fieldset>
        <fieldset>
          <legend>{t('report.step.contact')}</legend>
          <div className="report-contact">
            <label>
              {t('report.name')}
              <input maxLength={40} value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              {t('report.phone')}
              <input type="tel" maxLength={30} value={phone} autoComplete="tel" inputMode="tel" onChange={(e) => setPhone(e.target.value)} />
            </label>
          </div>
        </fieldset>
        {error && (
          <p role="alert" className="report-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" disabled={busy || shrinking} data-action="submit">
          {busy ? t('report.submitting') : t('report.submit')}
        </button>
      </form>
    </main>
  );
}
