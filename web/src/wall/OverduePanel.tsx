// The most overdue open cases, longest past their deadline first; a click opens the case.
import { useTranslation } from 'react-i18next';
import type { CaseFeature } from './api.ts';
import { span } from './time.ts';

export function OverduePanel({ cases, matched, onOpen }: { cases: CaseFeature[]; matched: number; onOpen: (c: CaseFeature) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const now = Date.now();
  return (
    <section className="wall-panel wall-overdue" data-testid="overdue">
      <h2>
        {t('wall.overdue.title')} <small>({matched})</small>
      </h2>
      {cases.length === 0 ? (
        <p className="wall-muted">{t('wall.overdue.empty')}</p>
      ) : (
        <ol>
          {cases.map((c) => {
            const late = span(now - Date.parse(c.properties.next_due ?? ''));
            return (
              <li key={c.id}>
                <button type="button" className="wall-link" data-case={c.id} onClick={() => onOpen(c)}>
                  <span className="wall-type">{(en && c.properties.type_name_en) || c.properties.type_name}</span>
                  <span className="wall-late">{t('wall.overdue.by', { d: t(`wall.ago.${late.unit}`, { n: late.n }) })}</span>
                  <span className="wall-code">{c.properties.code}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
