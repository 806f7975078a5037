// One candidate in the queue: the frames its detectors saw, type, detector, confidence,
// count and time; confirm it (a case is registered) or reject it with a reason.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import type { Candidate } from './api.ts';

const REASONS = ['false_alarm', 'duplicate', 'resolved', 'outside'] as const;
const fmt = (iso: string) => new Date(iso).toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });

export interface CandidateCardProps {
  c: Candidate;
  selected: boolean;
  busy: boolean;
  /** Roles that read the queue but may not decide (the command centre): no buttons. */
  readOnly: boolean;
  onSelect(): void;
  onConfirm(): void;
  onReject(reason: string): void;
}

export function CandidateCard({ c, selected, busy, readOnly, onSelect, onConfirm, onReject }: CandidateCardProps) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const frames = c.detection_list.filter((d) => d.image_url).slice(0, 3);
  const detectors = [...new Set(c.detection_list.map((d) => `${d.detector} ${d.detector_version}`))];
  const sources = [...new Set(c.detection_list.map((d) => d.source_id))];
  return (
    <li className={`candidate ${selected ? 'selected' : ''}`} data-candidate={c.id}>
      <div className="frames" onClick={onSelect}>
        {frames.length ? frames.map((d) => <img key={d.id} src={d.image_url!} alt={`${c.type_name} ${d.confidence.toFixed(2)}`} loading="lazy" />) : <span className="muted">{t('verify.noImage')}</span>}
      </div>
      <div className="facts">
        <strong>{c.type_name}</strong>
        <span className="conf">{t('verify.confidence', { value: c.max_confidence.toFixed(2) })}</span>
        <div className="muted">
          {t(`verify.source.${c.source_kind}`)} {sources.join('、')} · {detectors.join('、')}
        </div>
        <div className="muted">
          {t('verify.detections', { count: c.detections })} · {t('verify.seen', { first: fmt(c.first_seen), last: fmt(c.last_seen) })}
        </div>
        <button type="button" className="link" onClick={onSelect}>
          {t('verify.showOnMap')}
        </button>
      </div>
      {readOnly ? null : !rejecting ? (
        <div className="decide">
          <button type="button" className="primary" data-action="confirm" disabled={busy} onClick={onConfirm}>
            {t('verify.confirm')}
          </button>
          <button type="button" data-action="reject" disabled={busy} onClick={() => setRejecting(true)}>
            {t('verify.reject')}
          </button>
        </div>
      ) : (
        <form
          className="reject"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) onReject(reason.trim());
          }}
        >
          <div className="reasons">
            {REASONS.map((r) => (
              <button key={r} type="button" aria-pressed={reason === t(`verify.reasons.${r}`)} onClick={() => setReason(t(`verify.reasons.${r}`))}>
                {t(`verify.reasons.${r}`)}
              </button>
            ))}
          </div>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('verify.reason')} aria-label={t('verify.reason')} data-testid="reject-reason" />
          <button type="submit" className="primary" data-action="send-reject" disabled={busy || !reason.trim()}>
            {t('verify.sendReject')}
          </button>
          <button type="button" onClick={() => setRejecting(false)}>
            {t('verify.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}
