// The team desk: pick a grid on the map (coloured by team completeness) and staff its
// "1+3+5+N" team, its sub-grid chiefs and its block and environment chiefs from the
// people search; see one person's seats across grids and who changed the team when.
// Saves with the team's ETag.
import type { PickingInfo } from '@deck.gl/core';
import { bbox } from '@turf/turf';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Toast, useToast } from '../shell/Toast.tsx';
import type { GridFeature } from '../api/types.ts';
import { css } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { LayerSwitcher, Legend } from '../map/overlays.tsx';
import { Search } from '../map/Search.tsx';
import { assign, clearBlockChief, clearSubgridChief, completeness, removeSubgridMember, unseat, type Changes } from './draft.ts';
import { emptyLabels, TEAM_COLOURS, teamLayers, type MapMode } from './layers.ts';
import './messages.ts';
import './team.css';
import { PeopleSearch } from './PeopleSearch.tsx';
import { PersonPanel, usePerson, type PersonOnMap } from './PersonPanel.tsx';
import { SeatList, seatName } from './SeatList.tsx';
import { TeamHistory } from './TeamHistory.tsx';
import type { Target, TeamDoc } from './types.ts';
import { BlockList, SubgridList } from './UnitChiefs.tsx';
import { useGrids, useTeam } from './useTeam.ts';

type Tab = 'seats' | 'subgrids' | 'blocks' | 'person' | 'history';
const TABS: Tab[] = ['seats', 'subgrids', 'blocks', 'history', 'person'];

function fromUrl(name: string): number | null {
  const v = Number(new URLSearchParams(location.search).get(name));
  return Number.isInteger(v) && v > 0 ? v : null;
}

function toUrl(grid: number | null, person: number | null) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of [['grid', grid], ['person', person]] as const) {
    if (v === null) params.delete(k);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${qs ? `?${qs}` : ''}`);
}

/** Fits the map to a grid once, when asked. */
function FitTo({ grid }: { grid: GridFeature | null }) {
  const handle = useMap();
  useEffect(() => {
    if (!handle || !grid) return;
    const [w, s, e, n] = bbox(grid);
    handle.map.fitBounds([w, s, e, n], { padding: 80, duration: 0 });
    // Only when the grid (not its team summary) changes.
  }, [handle, grid?.id]);
  return null;
}

/** Fits the map to everything a person holds when they are opened. */
function FitToPerson({ data, grids }: { data: PersonOnMap | null; grids: GridFeature[] | null }) {
  const handle = useMap();
  const key = data ? `${data.person.id}:${data.subgrids.length}:${data.blocks.length}` : null;
  useEffect(() => {
    if (!handle || !data || !grids) return;
    const ids = new Set(data.person.seats.map((s) => s.grid_id));
    const features = [...grids.filter((g) => ids.has(g.id)), ...data.subgrids, ...data.blocks];
    if (!features.length) return;
    const [w, s, e, n] = bbox({ type: 'FeatureCollection', features });
    handle.map.fitBounds([w, s, e, n], { padding: 60, duration: 0, maxZoom: 16 });
    // Once per person (and again when their sub-grids and blocks arrive).
  }, [handle, key, grids !== null]);
  return null;
}

export function TeamView() {
  const { t } = useTranslation();
  const { grids, error: gridsError, refresh } = useGrids();
  const [selected, setSelected] = useState<number | null>(() => fromUrl('grid'));
  const [fitTo, setFitTo] = useState<number | null>(() => fromUrl('grid'));
  const [personId, setPersonId] = useState<number | null>(() => fromUrl('person'));
  const [tab, setTab] = useState<Tab>(() => (fromUrl('person') ? 'person' : 'seats'));
  const [target, setTarget] = useState<Target | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const { toast, setToast } = useToast();
  const [conflict, setConflict] = useState<{ changed: Changes | null; current: TeamDoc | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [generation, setGeneration] = useState(0);
  const team = useTeam(selected);
  const person = usePerson(personId, generation);
  const draft = team.draft;
  const dirty = (team.pending?.count ?? 0) > 0;

  useEffect(() => toUrl(selected, personId), [selected, personId]);

  const select = useCallback(
    (id: number | null, fit = false) => {
      if (id === selected) return;
      if (dirty && !window.confirm(t('team.leave'))) return;
      setSelected(id);
      setTarget(null);
      setConflict(null);
      if (fit) setFitTo(id);
    },
    [selected, dirty, t],
  );

  const showPerson = useCallback((id: number) => {
    setPersonId(id);
    setTab('person');
  }, []);

  const mode: MapMode = tab === 'subgrids' ? 'subgrids' : tab === 'blocks' ? 'blocks' : 'grids';
  const labels = useMemo(() => (grids ? emptyLabels(grids) : []), [grids]);
  const layers = useMemo(
    () => (grids ? teamLayers({ grids, labels, selected, mode, doc: draft?.work ?? null, subgrids: team.subgrids, blocks: team.blocks, hovered, person: person.data }) : []),
    [grids, labels, selected, mode, draft?.work, team.subgrids, team.blocks, hovered, person.data],
  );

  const onPick = useCallback(
    (info: PickingInfo) => {
      const id = (info.object as { id?: number } | null)?.id;
      if (typeof id !== 'number') return;
      if (info.layer?.id === 'team-grids' || info.layer?.id === 'team-person-grids') select(id);
      else if (info.layer?.id === 'team-subgrids' || info.layer?.id === 'team-blocks') {
        setHovered(id);
        document.querySelector(`[data-${info.layer.id === 'team-subgrids' ? 'subgrid' : 'block'}="${id}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      }
    },
    [select],
  );

  const status = useMemo(() => (draft ? completeness(draft.work) : null), [draft]);

  const targetLabel = useMemo(() => {
    if (!target || !draft) return null;
    const doc = draft.work;
    switch (target.kind) {
      case 'seat': {
        const s = doc.seats.find((x) => x.seat_kind === target.seat_kind);
        return s ? seatName(s) : null;
      }
      case 'subgrid_chief':
        return `${doc.subgrids.find((x) => x.id === target.subgrid_id)?.name ?? ''} · ${t('team.subgrid.chief')}`;
      case 'subgrid_member':
        return `${doc.subgrids.find((x) => x.id === target.subgrid_id)?.name ?? ''} · ${t('team.subgrid.members')} (${t(`team.sources.${target.source}`)})`;
      case 'block':
        return `${doc.blocks.find((x) => x.id === target.block_id)?.name ?? ''} · ${t(`team.block.${target.role}`)}`;
    }
  }, [target, draft, t]);

  async function save() {
    setSaving(true);
    const r = await team.save();
    setSaving(false);
    if (r.kind === 'saved') {
      setConflict(null);
      setTarget(null);
      const s = completeness(r.doc);
      setToast({ text: t('team.savedToast', { status: s.complete ? t('team.status.complete') : s.empty.length ? t('team.status.empty', { n: s.empty.length }) : t('team.legend.shared') }) });
      setGeneration((g) => g + 1);
      if (selected !== null) await refresh(selected).catch(() => undefined);
    } else if (r.kind === 'conflict') setConflict({ changed: r.changed, current: r.current });
    else if (r.kind === 'invalid') setToast({ text: t('team.invalid', { message: r.message }), bad: true });
    else setToast({ text: t('team.failed', { message: r.message }), bad: true });
  }

  const conflictList = (c: Changes | null, current: TeamDoc | null) => {
    if (!c || !current || c.count === 0) return t('team.conflict.unknown');
    return [
      ...c.seats.map((k) => current.seats.find((s) => s.seat_kind === k)).filter(Boolean).map((s) => seatName(s!)),
      ...c.subgrids.map((id) => current.subgrids.find((s) => s.id === id)?.name ?? String(id)),
      ...c.blocks.map((id) => current.blocks.find((b) => b.id === id)?.name ?? String(id)),
    ].join('、');
  };

  const selectedGrid = grids?.find((g) => g.id === selected) ?? null;
  const legend =
    mode === 'grids'
      ? (['complete', 'one', 'two', 'more', 'shared'] as const).map((k) => ({ colour: css(TEAM_COLOURS[k]), label: t(`team.legend.${k}`) }))
      : (['unitFilled', ...(mode === 'blocks' ? (['unitHalf'] as const) : []), 'unitEmpty'] as const).map((k) => ({ colour: css(TEAM_COLOURS[k]), label: t(`team.legend.${k}`) }));

  return (
    <div className="workspace team-desk">
      <MapView layers={layers} onPick={onPick}>
        <Search onSelect={(g) => select(g.id)} />
        <LayerSwitcher available={['grids', 'subgrids', 'blocks']} initial={['grids']} />
        <FitTo grid={grids?.find((g) => g.id === fitTo) ?? null} />
        <FitToPerson data={person.data} grids={grids} />
        <Legend
          title={mode === 'grids' ? t('team.legend.title') : t(`team.mapMode.${mode}`)}
          entries={[
            ...legend,
            { colour: css(TEAM_COLOURS.selected), label: t('team.legend.selected') },
            ...(person.data ? [{ colour: css(TEAM_COLOURS.person), label: t('team.legend.person') }] : []),
          ]}
        />
        <Toast toast={toast} onClose={() => setToast(null)} />
      </MapView>
      <aside className="side team-side">
        <div className="team-main">
          {gridsError && <p role="alert">{gridsError}</p>}
          {selected === null ? (
            <p className="muted" data-testid="pick-grid">
              {t('team.pickGrid')}
            </p>
          ) : (
            <header className="team-head" data-testid="team-head">
              <h2>
                {draft?.work.grid.name ?? selectedGrid?.properties.name ?? '…'} <small className="muted">{draft?.work.grid.code ?? selectedGrid?.properties.code}</small>
              </h2>
              {status && (
                <div className="row">
                  <span
                    className={`badge big ${status.complete ? 'ok' : 'bad'}`}
                    data-testid="completeness"
                    data-complete={status.complete ? 'true' : 'false'}
                    data-empty={status.empty.length}
                  >
                    {status.complete ? t('team.status.complete') : status.empty.length ? t('team.status.empty', { n: status.empty.length }) : t('team.legend.shared')}
                  </span>
                  <span className="muted">{t('team.status.filled', { filled: status.filled, required: status.required })}</span>
                  {dirty && <span className="badge">{t('team.status.unsaved')}</span>}
                </div>
              )}
              {status?.shared.map((s) => (
                <p key={s.person_id} className="warn-text">
                  {t('team.status.shared', { name: s.name, seats: s.seats.map((k) => seatName(draft!.work.seats.find((x) => x.seat_kind === k)!)).join('、') })}
                </p>
              ))}
              <div className="row">
                <button type="button" className="primary" data-action="save-team" disabled={!dirty || saving} onClick={() => void save()}>
                  {saving ? t('team.saving') : t('team.save', { count: team.pending?.count ?? 0 })}
                </button>
                <button type="button" data-action="discard" disabled={!dirty || saving} onClick={team.discard}>
                  {t('team.discard')}
                </button>
              </div>
            </header>
          )}
          {conflict && (
            <div role="alert" className="conflict" data-testid="conflict">
              <h3>{t('team.conflict.title')}</h3>
              <p>{t('team.conflict.text', { list: conflictList(conflict.changed, conflict.current) })}</p>
              <button
                type="button"
                data-action="reload-team"
                onClick={() => {
                  setConflict(null);
                  setTarget(null);
                  team.reload();
                  if (selected !== null) void refresh(selected).catch(() => undefined);
                }}
              >
                {t('team.conflict.reload')}
              </button>
            </div>
          )}
          <div className="tabs" role="tablist">
            {TABS.map((k) => (
              <button key={k} type="button" role="tab" data-tab={k} aria-selected={tab === k} className={tab === k ? 'active' : ''} onClick={() => setTab(k)}>
                {t(`team.tabs.${k}`)}
              </button>
            ))}
          </div>
          {team.loadError && <p role="alert">{team.loadError}</p>}
          {selected !== null && !draft && !team.loadError && tab !== 'person' && tab !== 'history' && <p className="muted">{t('team.loading')}</p>}
          {draft && tab === 'seats' && status && (
            <SeatList
              doc={draft.work}
              changed={team.pending?.seats ?? []}
              status={status}
              target={target}
              onTarget={setTarget}
              onRemove={(k, p) => team.edit((d) => unseat(d, k, p))}
              onShow={showPerson}
            />
          )}
          {draft && tab === 'subgrids' && (
            <SubgridList
              doc={draft.work}
              changed={team.pending?.subgrids ?? []}
              target={target}
              hovered={hovered}
              onHover={setHovered}
              onTarget={setTarget}
              onClearChief={(id) => team.edit((d) => clearSubgridChief(d, id))}
              onRemoveMember={(id, p) => team.edit((d) => removeSubgridMember(d, id, p))}
              onShow={showPerson}
            />
          )}
          {draft && tab === 'blocks' && (
            <BlockList
              doc={draft.work}
              changed={team.pending?.blocks ?? []}
              target={target}
              hovered={hovered}
              onHover={setHovered}
              onTarget={setTarget}
              onClear={(id, role) => team.edit((d) => clearBlockChief(d, id, role))}
              onShow={showPerson}
            />
          )}
          {selected !== null && tab === 'history' && <TeamHistory gridId={selected} generation={generation} onShow={showPerson} />}
          {tab === 'person' && (
            <PersonPanel
              data={person.data}
              error={person.error}
              onGrid={(id) => select(id, true)}
              onClose={() => {
                setPersonId(null);
                setTab('seats');
              }}
            />
          )}
        </div>
        <div className="team-people">
          <PeopleSearch
            targetLabel={targetLabel}
            gridId={selected}
            generation={generation}
            onCancel={() => setTarget(null)}
            onShow={(p) => showPerson(p.id)}
            onPick={(p) => {
              if (!target) return;
              team.edit((d) => assign(d, target, p));
              if (target.kind !== 'subgrid_member') setTarget(null);
            }}
          />
        </div>
      </aside>
    </div>
  );
}
