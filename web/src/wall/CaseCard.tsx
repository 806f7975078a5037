// A case's details in a small panel of the wall's own (until the shared case drawer
// lands): what, where, when, its deadline and its timeline.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { CaseFeature } from './api.ts';

interface CaseEvent {
  id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  at: string;
  note: string | null;
}

export function CaseCard({ item, onClose }: { item: CaseFeature; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [events, setEvents] = useState<CaseEvent[] | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api<CaseEvent[] | { events: CaseEvent[] }>(`/api/cases/${item.id}/events`, { signal: ctrl.signal }).then(
      (r) => setEvents(Array.isArray(r) ? r : r.events),
      () => setEvents([]),
    );
    return () => ctrl.abort();
  }, [item.id]);
  const p = item.properties;
  const when = (s: string | null) => (s ? new Date(s).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');
  return (
    <aside className="wall-panel wall-case" data-testid="case-card" role="dialog" aria-label={p.code}>
      <header>
        <h2>{(i18n.language === 'en' && p.type_name_en) || p.type_name}</h2>
        <button type="button" onClick={onClose} aria-label={t('wall.caseCard.close')}>
          ✕
        </button>
      </header>
      <p className="wall-code">{p.code}</p>
      <p>{p.description}</p>
      <dl>
        <dt>{t('wall.caseCard.status')}</dt>
        <dd>{p.status}</dd>
        <dt>{t('wall.caseCard.address')}</dt>
        <dd>{p.address ?? '—'}</dd>
        <dt>{t('wall.caseCard.reported')}</dt>
        <dd>{when(p.reported_at)}</dd>
        <dt>{t('wall.caseCard.due')}</dt>
        <dd className={p.overdue ? 'wall-late' : ''}>{when(p.next_due)}</dd>
      </dl>
      {events && events.length > 0 && (
        <>
          <h3>{t('wall.caseCard.timeline')}</h3>
          <ol className="wall-timeline">
            {events.map((e) => (
              <li key={e.id}>
                <time>{when(e.at)}</time> {e.action} {e.to_status ? `→ ${e.to_status}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
