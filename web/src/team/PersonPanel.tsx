// One person's seats across grids: grid team seats, sub-grid chief or member, block or
// environment chief. Their grids, sub-grids and blocks are outlined on the map.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { BlockProps, SubgridProps } from '../api/types.ts';
import { currentLang } from '../i18n/index.ts';
import type { PersonDetail } from './types.ts';
import type { UnitFeature } from './useTeam.ts';

export interface PersonOnMap {
  person: PersonDetail;
  subgrids: UnitFeature<SubgridProps>[];
  blocks: UnitFeature<BlockProps>[];
}

/** The person and the shapes of their sub-grids and blocks (grids are on the map already). */
export function usePerson(id: number | null, generation: number): { data: PersonOnMap | null; error: string | null } {
  const [data, setData] = useState<PersonOnMap | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (id === null) {
      setData(null);
      return;
    }
    const ctl = new AbortController();
    (async () => {
      const person = await api<PersonDetail>(`/api/people/${id}`, { signal: ctl.signal });
      setData((d) => ({ person, subgrids: d?.person.id === id ? d.subgrids : [], blocks: d?.person.id === id ? d.blocks : [] }));
      setError(null);
      const [subgrids, blocks] = await Promise.all([
        Promise.all([...new Set(person.subgrids.map((s) => s.subgrid_id))].map((sid) => api<UnitFeature<SubgridProps>>(`/api/subgrids/${sid}`, { signal: ctl.signal }))),
        Promise.all([...new Set(person.blocks.map((b) => b.block_id))].map((bid) => api<UnitFeature<BlockProps>>(`/api/blocks/${bid}`, { signal: ctl.signal }))),
      ]);
      setData({ person, subgrids, blocks });
    })().catch((e: unknown) => {
      if (!ctl.signal.aborted) setError(e instanceof Error ? e.message : String(e));
    });
    return () => ctl.abort();
  }, [id, generation]);
  return { data, error };
}

export function PersonPanel({ data, error, onGrid, onClose }: { data: PersonOnMap | null; error: string | null; onGrid(id: number): void; onClose(): void }) {
  const { t } = useTranslation();
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p className="muted">{t('team.person.hint')}</p>;
  const p = data.person;
  const en = currentLang() === 'en';
  const grids = new Set(p.seats.map((s) => s.grid_id));
  const none = p.seats.length + p.subgrids.length + p.blocks.length === 0;
  return (
    <section className="person-panel" data-testid="person" data-person={p.id}>
      <div className="row spread">
        <h2>{t('team.person.title', { name: p.name })}</h2>
        <button type="button" onClick={onClose}>
          {t('team.person.close')}
        </button>
      </div>
      <p className="muted">
        {[p.title, en ? p.department_en : p.department_zh, p.phone].filter(Boolean).join(' · ')}
      </p>
      {none ? (
        <p className="muted">{t('team.person.none')}</p>
      ) : (
        <>
          <p className="muted">
            {t('team.person.grids', { n: grids.size })} · {t('team.person.onMap')}
          </p>
          {p.seats.length > 0 && (
            <>
              <h3>{t('team.person.gridSeats')}</h3>
              <table data-testid="person-seats">
                <tbody>
                  {p.seats.map((s) => (
                    <tr key={`${s.grid_id}-${s.seat_kind}`} data-grid={s.grid_id}>
                      <td>
                        <button type="button" className="link" onClick={() => onGrid(s.grid_id)}>
                          {s.grid_name}
                        </button>
                        <div className="muted">{s.grid_code}</div>
                      </td>
                      <td>{en ? s.seat_name_en : s.seat_name_zh}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {p.subgrids.length > 0 && (
            <>
              <h3>{t('team.person.subgrids')}</h3>
              <table>
                <tbody>
                  {p.subgrids.map((s) => (
                    <tr key={s.subgrid_id} data-subgrid={s.subgrid_id}>
                      <td>
                        <button type="button" className="link" onClick={() => onGrid(s.grid_id)}>
                          {s.subgrid_name}
                        </button>
                        <div className="muted">{s.subgrid_code}</div>
                      </td>
                      <td>
                        {s.role === 'chief' ? t('team.person.chief') : t('team.person.member')}
                        {s.role === 'member' && <span className="muted"> · {t(`team.sources.${s.source}`)}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {p.blocks.length > 0 && (
            <>
              <h3>{t('team.person.blocks')}</h3>
              <table>
                <tbody>
                  {p.blocks.map((b) => (
                    <tr key={`${b.block_id}-${b.role}`} data-block={b.block_id}>
                      <td>
                        {b.block_name}
                        <div className="muted">{b.block_code}</div>
                      </td>
                      <td>{t(`team.block.${b.role}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
