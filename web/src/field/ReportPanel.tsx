// Three taps: the type (a short list), a photo (the phone's camera), send. The position
// comes from the phone and can be moved on the map above; a type handled on the spot
// (its route is self-handling) offers "dealt with on the spot". The report goes into
// the outbox and is sent from there, now or when the connection returns.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import { newReportId, type OutboxItem } from './outbox.ts';
import { shrinkPhoto } from './photo.ts';
import { typeName, type FieldType } from './types.ts';
import type { Position } from './usePosition.ts';

export interface ReportPanelProps {
  user: string;
  channel: string;
  types: FieldType[];
  position: Position | null;
  online: boolean;
  onSubmit(item: OutboxItem): Promise<void>;
}

export function ReportPanel({ user, channel, types, position, online, onSubmit }: ReportPanelProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [type, setType] = useState<FieldType | null>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [selfHandle, setSelfHandle] = useState(false);
  const [busy, setBusy] = useState(false);
  const camera = useRef<HTMLInputElement>(null);

  const canSelfHandle = type?.default_route === 'self';

  const takePhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoError(null);
    try {
      setPhoto(await shrinkPhoto(file));
    } catch (err) {
      setPhotoError(t('field.photoFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  const send = async () => {
    if (!type || !position) return;
    setBusy(true);
    const name = typeName(type, lang);
    const item: OutboxItem = {
      id: newReportId(), user, createdAt: new Date().toISOString(), typeCode: type.code, typeName: name, channel,
      lon: Number(position.lon.toFixed(7)), lat: Number(position.lat.toFixed(7)),
      description: description.trim() || t('field.defaultDescription', { type: name }),
      photo, photoUrl: null, selfHandle: canSelfHandle && selfHandle, state: 'queued', step: 'case',
      caseId: null, caseCode: null, mergedInto: null, attempts: 0, nextAt: 0, error: null,
    };
    try {
      await onSubmit(item);
      setType(null);
      setPhoto(null);
      setDescription('');
      setSelfHandle(false);
      if (camera.current) camera.current.value = '';
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-report" data-testid="field-report">
      {!online && (
        <p className="field-offline" role="status" data-testid="offline">
          {t('field.offline')}
        </p>
      )}
      <h3>{t('field.pickType')}</h3>
      <div className="field-types" role="radiogroup" aria-label={t('field.pickType')}>
        {types.map((ft) => (
          <button
            key={ft.code}
            type="button"
            role="radio"
            aria-checked={type?.code === ft.code}
            data-type={ft.code}
            className={type?.code === ft.code ? 'on' : ''}
            onClick={() => setType(ft)}
          >
            {typeName(ft, lang)}
          </button>
        ))}
      </div>
      <h3>{t('field.photo')}</h3>
      <label className="field-camera">
        <input ref={camera} type="file" accept="image/*" capture="environment" data-testid="camera" onChange={(e) => void takePhoto(e.target.files?.[0])} />
        {photo ? <img src={photo} alt={t('field.photoAdded')} data-testid="photo-preview" /> : <span aria-hidden="true">📷</span>}
        <span>{photo ? t('field.retake') : t('field.photo')}</span>
      </label>
      {photoError && <p className="bad">{photoError}</p>}
      <textarea value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('field.description')} aria-label={t('field.description')} rows={2} maxLength={2000} />
      {canSelfHandle && (
        <label className="field-self">
          <input type="checkbox" checked={selfHandle} onChange={(e) => setSelfHandle(e.target.checked)} data-testid="self-handle" /> {t('field.selfHandle')}
        </label>
      )}
      {!position && <p className="muted">{t('field.needPosition')}</p>}
      <button type="button" className="primary field-send" data-action="send" disabled={!type || !position || busy} onClick={() => void send()}>
        {busy ? t('field.sending') : t('field.send')}
      </button>
    </div>
  );
}
