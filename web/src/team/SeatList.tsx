// The 1+3+5+N seats of a grid, grouped: each seat with its holders, empty seats
// flagged, a button to fill or replace from the people search and one to clear.
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import type { Completeness } from './draft.ts';
import type { Target, TeamDoc, TeamPerson, TeamSeat } from './types.ts';

const GROUPS = ['chief', 'coordinator', 'specialist', 'participant'] as const;

export const seatName = (s: Pick<TeamSeat, 'name_zh' | 'name_en'>) => (currentLang() === 'en' ? s.name_en : s.name_zh);

export function HolderChip({ person, onRemove, onShow, removeLabel }: { person: TeamPerson; onRemove?: () => void; onShow?: () => void; removeLabel?: string }) {
  return (
    <span className="chip" data-person={person.person_id}>
      <button type="button" className="link" onClick={onShow} title={[person.title, person.phone].filter(Boolean).join(' · ')}>
        {person.name}
      </button>
      {onRemove && (
        <button type="button" className="x" aria-label={removeLabel} title={removeLabel} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}

export function SeatList(props: {
  doc: TeamDoc;
  changed: string[];
  status: Completeness;
  target: Target | null;
  onTarget(t: Target): void;
  onRemove(seatKind: string, personId: number): void;
  onShow(personId: number): void;
}) {
  const { t } = useTranslation();
  const shared = new Set(props.status.shared.map((s) => s.person_id));
  return (
    <div className="seat-list" data-testid="seats">
      {GROUPS.map((g) => {
        const seats = props.doc.seats.filter((s) => s.group === g);
        if (!seats.length) return null;
        return (
          <section key={g} className="seat-group">
            <h3>{t(`team.groups.${g}`)}</h3>
            <ul>
              {seats.map((s) => {
                const empty = s.holders.length < s.min_holders;
                const active = props.target?.kind === 'seat' && props.target.seat_kind === s.seat_kind;
                const full = s.max_holders !== null && s.holders.length >= s.max_holders;
                return (
                  <li
                    key={s.seat_kind}
                    data-seat={s.seat_kind}
                    data-empty={empty ? 'true' : 'false'}
                    className={`seat ${empty ? 'empty' : ''} ${active ? 'targeted' : ''} ${props.changed.includes(s.seat_kind) ? 'changed' : ''}`}
                  >
                    <div className="seat-name">
                      {seatName(s)}
                      {empty && <span className="badge bad">{t('team.seat.empty')}</span>}
                      {props.changed.includes(s.seat_kind) && <span className="badge">{t('team.status.unsaved')}</span>}
                    </div>
                    <div className="holders">
                      {s.holders.length === 0 && !empty && <span className="muted">{t('team.seat.noHolders')}</span>}
                      {s.holders.map((h) => (
                        <span key={h.person_id} className={shared.has(h.person_id) && s.min_holders > 0 ? 'shared' : ''}>
                          <HolderChip person={h} onShow={() => props.onShow(h.person_id)} onRemove={() => props.onRemove(s.seat_kind, h.person_id)} removeLabel={t('team.seat.remove', { name: h.name })} />
                        </span>
                      ))}
                    </div>
                    <button
                      type="button"
                      className={empty ? 'primary' : ''}
                      data-action="target-seat"
                      aria-pressed={active}
                      onClick={() => props.onTarget({ kind: 'seat', seat_kind: s.seat_kind })}
                    >
                      {s.max_holders === 1 ? (full ? t('team.seat.replace') : t('team.seat.assign')) : t('team.seat.add')}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
