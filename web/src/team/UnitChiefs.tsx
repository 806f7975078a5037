// The chiefs below the grid team: each sub-grid's chief and members, each street
// block's block chief and environment chief. Empty ones are flagged; each is filled
// from the people search and cleared here.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HolderChip } from './SeatList.tsx';
import { SOURCES, type BlockRole, type Source, type Target, type TeamDoc } from './types.ts';

const sameTarget = (a: Target | null, b: Target) => JSON.stringify(a) === JSON.stringify(b);

export function SubgridList(props: {
  doc: TeamDoc;
  changed: number[];
  target: Target | null;
  hovered: number | null;
  onHover(id: number | null): void;
  onTarget(t: Target): void;
  onClearChief(subgridId: number): void;
  onRemoveMember(subgridId: number, personId: number): void;
  onShow(personId: number): void;
}) {
  const { t } = useTranslation();
  const [source, setSource] = useState<Source>('community');
  const filled = props.doc.subgrids.filter((s) => s.chief).length;
  if (!props.doc.subgrids.length) return <p className="muted">{t('team.subgrid.none')}</p>;
  return (
    <div data-testid="subgrids">
      <p className={filled === props.doc.subgrids.length ? 'ok-text' : 'bad-text'}>{t('team.subgrid.summary', { filled, total: props.doc.subgrids.length })}</p>
      <label className="row">
        {t('team.subgrid.source')}
        <select value={source} onChange={(e) => setSource(e.target.value as Source)}>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`team.sources.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <ul className="unit-list">
        {props.doc.subgrids.map((sg) => {
          const chiefTarget: Target = { kind: 'subgrid_chief', subgrid_id: sg.id };
          const memberTarget: Target = { kind: 'subgrid_member', subgrid_id: sg.id, source };
          return (
            <li
              key={sg.id}
              data-subgrid={sg.id}
              data-empty={sg.chief ? 'false' : 'true'}
              className={`unit ${sg.chief ? '' : 'empty'} ${props.hovered === sg.id ? 'hovered' : ''} ${props.changed.includes(sg.id) ? 'changed' : ''}`}
              onMouseEnter={() => props.onHover(sg.id)}
              onMouseLeave={() => props.onHover(null)}
            >
              <div className="unit-name">
                <b>{sg.name}</b> <small className="muted">{sg.code}</small>
                {props.changed.includes(sg.id) && <span className="badge">{t('team.status.unsaved')}</span>}
              </div>
              <div className="role-row">
                <span className="role">{t('team.subgrid.chief')}</span>
                {sg.chief ? (
                  <HolderChip person={sg.chief} onShow={() => props.onShow(sg.chief!.person_id)} onRemove={() => props.onClearChief(sg.id)} removeLabel={t('team.seat.remove', { name: sg.chief.name })} />
                ) : (
                  <span className="badge bad">{t('team.seat.empty')}</span>
                )}
                <button type="button" className={sg.chief ? '' : 'primary'} data-action="target-subgrid-chief" aria-pressed={sameTarget(props.target, chiefTarget)} onClick={() => props.onTarget(chiefTarget)}>
                  {sg.chief ? t('team.seat.replace') : t('team.seat.assign')}
                </button>
              </div>
              <div className="role-row">
                <span className="role">{t('team.subgrid.members')}</span>
                <span className="holders">
                  {sg.members.map((m) => (
                    <span key={m.person_id} title={t(`team.sources.${m.source}`)}>
                      <HolderChip person={m} onShow={() => props.onShow(m.person_id)} onRemove={() => props.onRemoveMember(sg.id, m.person_id)} removeLabel={t('team.seat.remove', { name: m.name })} />
                    </span>
                  ))}
                </span>
                <button type="button" data-action="target-subgrid-member" aria-pressed={sameTarget(props.target, memberTarget)} onClick={() => props.onTarget(memberTarget)}>
                  {t('team.subgrid.addMember')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const ROLES: BlockRole[] = ['block_chief', 'environment_chief'];

export function BlockList(props: {
  doc: TeamDoc;
  changed: number[];
  target: Target | null;
  hovered: number | null;
  onHover(id: number | null): void;
  onTarget(t: Target): void;
  onClear(blockId: number, role: BlockRole): void;
  onShow(personId: number): void;
}) {
  const { t } = useTranslation();
  const [onlyEmpty, setOnlyEmpty] = useState(false);
  const blocks = props.doc.blocks;
  if (!blocks.length) return <p className="muted">{t('team.block.none')}</p>;
  const a = blocks.filter((b) => b.block_chief).length;
  const b2 = blocks.filter((b) => b.environment_chief).length;
  const shown = onlyEmpty ? blocks.filter((b) => !b.block_chief || !b.environment_chief) : blocks;
  return (
    <div data-testid="blocks">
      <p className={a === blocks.length && b2 === blocks.length ? 'ok-text' : 'bad-text'}>{t('team.block.summary', { a, b: b2, total: blocks.length })}</p>
      <label className="row">
        <input type="checkbox" checked={onlyEmpty} onChange={(e) => setOnlyEmpty(e.target.checked)} />
        {t('team.block.onlyEmpty')}
      </label>
      <ul className="unit-list">
        {shown.map((b) => (
          <li
            key={b.id}
            data-block={b.id}
            data-empty={b.block_chief && b.environment_chief ? 'false' : 'true'}
            className={`unit ${b.block_chief && b.environment_chief ? '' : 'empty'} ${props.hovered === b.id ? 'hovered' : ''} ${props.changed.includes(b.id) ? 'changed' : ''}`}
            onMouseEnter={() => props.onHover(b.id)}
            onMouseLeave={() => props.onHover(null)}
          >
            <div className="unit-name">
              <b>{b.name}</b> <small className="muted">{b.code}</small>
              {props.changed.includes(b.id) && <span className="badge">{t('team.status.unsaved')}</span>}
            </div>
            {ROLES.map((role) => {
              const holder = b[role];
              const target: Target = { kind: 'block', block_id: b.id, role };
              return (
                <div key={role} className="role-row" data-role={role}>
                  <span className="role">{t(`team.block.${role}`)}</span>
                  {holder ? (
                    <HolderChip person={holder} onShow={() => props.onShow(holder.person_id)} onRemove={() => props.onClear(b.id, role)} removeLabel={t('team.seat.remove', { name: holder.name })} />
                  ) : (
                    <span className="badge bad">{t('team.seat.empty')}</span>
                  )}
                  <button type="button" className={holder ? '' : 'primary'} data-action="target-block" aria-pressed={sameTarget(props.target, target)} onClick={() => props.onTarget(target)}>
                    {holder ? t('team.seat.replace') : t('team.seat.assign')}
                  </button>
                </div>
              );
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
