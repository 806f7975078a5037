// People search: by the start of a name (or phone, for admins and planners), each
// person with the seats they hold across grids. Picking one fills the seat being
// staffed; "Seats" opens everything they hold.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { currentLang } from '../i18n/index.ts';
import type { PeoplePage, Person } from './types.ts';

const PAGE = 20;

export function PeopleSearch(props: {
  /** What a pick fills, named for the user; null: the search only opens people. */
  targetLabel: string | null;
  gridId: number | null;
  onPick(p: Person): void;
  onShow(p: Person): void;
  onCancel(): void;
  /** Bumped after a save so the seats shown are current. */
  generation: number;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState<PeoplePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (props.targetLabel) input.current?.focus();
  }, [props.targetLabel]);

  useEffect(() => {
    const query = q.trim();
    const ctl = new AbortController();
    const timer = setTimeout(
      () => {
        const params = new URLSearchParams({ limit: String(PAGE) });
        if (query) params.set('q', query);
        api<PeoplePage>(`/api/people?${params}`, { signal: ctl.signal }).then(
          (p) => {
            setPage(p);
            setError(null);
          },
          (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
        );
      },
      query ? 200 : 0,
    );
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, props.generation]);

  async function more() {
    if (!page?.next) return;
    const p = await api<PeoplePage>(page.next);
    setPage({ ...p, people: [...page.people, ...p.people] });
  }

  const en = currentLang() === 'en';
  return (
    <section className="people-search" data-testid="people-search">
      <h3>{t('team.search.title')}</h3>
      {props.targetLabel && (
        <p className="target row" data-testid="search-target">
          <span>{t('team.search.for', { target: props.targetLabel })}</span>
          <button type="button" onClick={props.onCancel}>
            {t('team.search.cancel')}
          </button>
        </p>
      )}
      <input ref={input} type="search" value={q} placeholder={t('team.search.placeholder')} aria-label={t('team.search.placeholder')} onChange={(e) => setQ(e.target.value)} />
      {error && <p role="alert">{error}</p>}
      {page && page.people.length === 0 && <p className="muted">{t('team.search.none')}</p>}
      <ul className="people">
        {page?.people.map((p) => {
          const grids = new Set(p.seats.map((s) => s.grid_id));
          const here = p.seats.filter((s) => s.grid_id === props.gridId);
          return (
            <li key={p.id} data-person={p.id}>
              <div className="who">
                <b className="name">{p.name}</b> <span className="muted">{[p.title, en ? p.department_en : p.department_zh].filter(Boolean).join(' · ')}</span>
                <div className="muted">
                  {p.phone && <span className="phone">{p.phone} · </span>}
                  {p.seats.length ? t('team.search.seats', { grids: grids.size, seats: p.seats.length }) : t('team.search.noSeats')}
                </div>
                {here.length > 0 && <div className="warn-text">{t('team.search.already', { seats: here.map((s) => (en ? s.seat_name_en : s.seat_name_zh)).join('、') })}</div>}
              </div>
              <div className="actions">
                <button type="button" data-action="show-person" onClick={() => props.onShow(p)}>
                  {t('team.search.show')}
                </button>
                {props.targetLabel && (
                  <button type="button" className="primary" data-action="pick-person" onClick={() => props.onPick(p)}>
                    {t('team.search.pick')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {page?.next && (
        <button type="button" onClick={() => void more()}>
          {t('team.search.more', { total: page.total })}
        </button>
      )}
    </section>
  );
}
