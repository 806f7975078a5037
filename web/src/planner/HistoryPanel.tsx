// A unit's history: every accepted edit, who and when; one entry's before and after
// shown on the map.
import type { MultiPolygon, Polygon } from 'geojson';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS, css } from '../map/colours.ts';
import { loadHistory, type HistoryEntry, type UnitLayer } from './data.ts';

export interface Comparison {
  version: number;
  before: Polygon | MultiPolygon | null;
  after: Polygon | MultiPolygon | null;
}

export function HistoryPanel({ layer, id, comparison, onCompare }: { layer: UnitLayer; id: number; comparison: Comparison | null; onCompare(c: Comparison | null): void }) {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    setEntries(null);
    onCompare(null);
    loadHistory(layer, id).then(
      (h) => live && setEntries(h.entries),
      () => live && setEntries([]),
    );
    return () => {
      live = false;
    };
  }, [layer, id, onCompare]);
  return (
    <section data-testid="history">
      <h2>{t('planner.history.title')}</h2>
      {entries === null && <p className="muted">{t('common.loading')}</p>}
      {entries?.length === 0 && <p className="muted">{t('planner.history.empty')}</p>}
      <ul className="history">
        {entries?.map((e) => (
          <li key={e.version}>
            {t('planner.history.entry', { version: e.version, op: t(`planner.history.ops.${e.op}`), actor: e.actor, at: new Date(e.at).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN') })}
            {e.geometryChanged && (
              <button type="button" onClick={() => onCompare(comparison?.version === e.version ? null : { version: e.version, before: e.before?.geometry ?? null, after: e.after?.geometry ?? null })}>
                {comparison?.version === e.version ? t('planner.history.hide') : t('planner.history.show')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {comparison && (
        <p className="row muted">
          <i className="swatch" style={{ background: css(COLOURS.before) }} /> {t('planner.history.legendBefore')} <i className="swatch" style={{ background: css(COLOURS.after) }} /> {t('planner.history.legendAfter')}
        </p>
      )}
    </section>
  );
}
