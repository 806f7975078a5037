// The team's change log: who added or removed whom, in which seat, sub-grid or block,
// and when; newest first, fifty at a time, read again after each save.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { currentLang } from '../i18n/index.ts';
import type { TeamChange } from './types.ts';

const PAGE = 50;

interface Page {
  changes: TeamChange[];
  next_before: number | null;
}

const when = (iso: string) => new Date(iso).toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });

export function TeamHistory({ gridId, generation, onShow }: { gridId: number; generation: number; onShow: (personId: number) => void }) {
  const { t } = useTranslation();
  const [changes, setChanges] = useState<TeamChange[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before: number | null, signal?: AbortSignal) => {
    setLoading(true);
    try {
      const page = await api<Page>(`/api/grids/${gridId}/team/history?limit=${PAGE}${before ? `&before=${before}` : ''}`, { signal });
      setChanges((cur) => (before && cur ? [...cur, ...page.changes] : page.changes));
      setNext(page.next_before);
      setError(null);
    } catch (e) {
      if (!signal?.aborted) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    const ctl = new AbortController();
    setChanges(null);
    void load(null, ctl.signal);
    return () => ctl.abort();
    // A new grid, or a save (generation), reads the log afresh.
  }, [gridId, generation]);

  const where = (c: TeamChange) => {
    if (c.unit === 'grid') return (currentLang() === 'en' ? c.seat_name_en : c.seat_name_zh) ?? c.seat;
    const role = c.unit === 'subgrid' ? t(c.seat === 'chief' ? 'team.subgrid.chief' : 'team.subgrid.members') : t(`team.block.${c.seat}`, { defaultValue: c.seat });
    return `${c.unit_name ?? `#${c.unit_id}`} · ${role}`;
  };

  if (error) return <p role="alert">{t('team.history.failed', { message: error })}</p>;
  if (!changes) return <p className="muted">{t('team.loading')}</p>;
  if (changes.length === 0) return <p className="muted" data-testid="team-history-empty">{t('team.history.none')}</p>;
  return (
    <div className="team-history">
      <ul className="unit-list" data-testid="team-history">
        {changes.map((c) => (
          <li key={c.id} className={`change ${c.op}`} data-op={c.op} data-unit={c.unit} data-person={c.person_id}>
            <span className={`badge ${c.op === 'add' ? 'ok' : 'bad'}`}>{t(`team.history.op.${c.op}`)}</span>{' '}
            <button type="button" className="link" onClick={() => onShow(c.person_id)}>
              {c.person_name ?? `#${c.person_id}`}
            </button>{' '}
            · {where(c)}
            <div className="muted">{t('team.history.by', { who: c.actor === 'system' ? t('team.history.system') : c.actor, at: when(c.at) })}</div>
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" data-action="more-history" disabled={loading} onClick={() => void load(next)}>
          {t('team.history.more')}
        </button>
      )}
    </div>
  );
}
