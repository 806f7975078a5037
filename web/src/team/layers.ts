// The team desk's map: every grid coloured by its saved team's completeness (with the
// number of empty seats on it), the selected grid's sub-grids or blocks coloured by
// whether their chief seats are filled, and one person's grids, sub-grids and blocks.
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import { pointOnFeature } from '@turf/turf';
import type { Feature, Position } from 'geojson';
import type { BlockProps, GridFeature, SubgridProps } from '../api/types.ts';
import type { RGBA } from '../map/colours.ts';
import type { PersonOnMap } from './PersonPanel.tsx';
import type { TeamDoc } from './types.ts';
import type { UnitFeature } from './useTeam.ts';

const idOf = (f: Feature) => f.id as number;

export type MapMode = 'grids' | 'subgrids' | 'blocks';
export type TeamState = 'complete' | 'one' | 'two' | 'more' | 'shared';

export const TEAM_COLOURS: Record<TeamState | 'selected' | 'person' | 'unitFilled' | 'unitHalf' | 'unitEmpty', RGBA> = {
  complete: [34, 197, 94, 95],
  one: [250, 204, 21, 140],
  two: [249, 115, 22, 150],
  more: [220, 38, 38, 160],
  shared: [168, 85, 247, 140],
  selected: [30, 58, 138, 255],
  person: [234, 88, 12, 255],
  unitFilled: [22, 163, 74, 120],
  unitHalf: [250, 204, 21, 150],
  unitEmpty: [220, 38, 38, 150],
};

export function teamState(team: { complete: boolean; empty_seats: string[] } | undefined): TeamState {
  if (!team) return 'more';
  const n = team.empty_seats.length;
  if (n === 0) return team.complete ? 'complete' : 'shared';
  return n === 1 ? 'one' : n === 2 ? 'two' : 'more';
}

/** Interleaved deck layers drawn under the map's labels (a MapLibreOverlay prop the layer types do not declare). */
const UNDER_LABELS = { beforeId: 'label-road-minor' } as object;

export interface LabelPoint {
  id: number;
  position: Position;
  text: string;
}

export function emptyLabels(grids: GridFeature[]): LabelPoint[] {
  return grids
    .filter((g) => g.properties.team && !g.properties.team.complete)
    .map((g) => ({ id: g.id, position: pointOnFeature(g).geometry.coordinates, text: g.properties.team.empty_seats.length ? String(g.properties.team.empty_seats.length) : '!' }));
}

export function teamLayers(o: {
  grids: GridFeature[];
  labels: LabelPoint[];
  selected: number | null;
  mode: MapMode;
  doc: TeamDoc | null;
  subgrids: UnitFeature<SubgridProps>[];
  blocks: UnitFeature<BlockProps>[];
  hovered: number | null;
  person: PersonOnMap | null;
}) {
  const personGrids = new Set(o.person?.person.seats.map((s) => s.grid_id) ?? []);
  const chiefOf = new Map(o.doc?.subgrids.map((s) => [s.id, s.chief !== null]) ?? []);
  const blockFill = new Map(o.doc?.blocks.map((b) => [b.id, Number(b.block_chief !== null) + Number(b.environment_chief !== null)]) ?? []);
  const unitMode = o.mode !== 'grids' && o.selected !== null;
  return [
    new GeoJsonLayer({
      id: 'team-grids',
      data: o.grids as never,
      pickable: true,
      filled: true,
      stroked: true,
      getFillColor: (f: Feature): RGBA => (unitMode && idOf(f) === o.selected ? [0, 0, 0, 0] : TEAM_COLOURS[teamState((f as GridFeature).properties.team)]),
      getLineColor: [30, 64, 175, 160],
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: [unitMode, o.selected] },
      ...UNDER_LABELS,
    }),
    o.mode === 'blocks' &&
      o.selected !== null &&
      new GeoJsonLayer({
        id: 'team-blocks',
        data: o.blocks as never,
        pickable: true,
        filled: true,
        stroked: true,
        getFillColor: (f: Feature) => {
          const n = blockFill.get(idOf(f)) ?? 0;
          return n === 2 ? TEAM_COLOURS.unitFilled : n === 1 ? TEAM_COLOURS.unitHalf : TEAM_COLOURS.unitEmpty;
        },
        getLineColor: (f: Feature): RGBA => (idOf(f) === o.hovered ? [15, 23, 42, 255] : [100, 116, 139, 200]),
        getLineWidth: (f: Feature) => (idOf(f) === o.hovered ? 3 : 1),
        lineWidthUnits: 'pixels',
        updateTriggers: { getFillColor: [JSON.stringify([...blockFill])], getLineColor: [o.hovered], getLineWidth: [o.hovered] },
        ...UNDER_LABELS,
      }),
    o.mode === 'subgrids' &&
      o.selected !== null &&
      new GeoJsonLayer({
        id: 'team-subgrids',
        data: o.subgrids as never,
        pickable: true,
        filled: true,
        stroked: true,
        getFillColor: (f: Feature) => (chiefOf.get(idOf(f)) ? TEAM_COLOURS.unitFilled : TEAM_COLOURS.unitEmpty),
        getLineColor: (f: Feature): RGBA => (idOf(f) === o.hovered ? [15, 23, 42, 255] : [124, 58, 237, 230]),
        getLineWidth: (f: Feature) => (idOf(f) === o.hovered ? 4 : 2),
        lineWidthUnits: 'pixels',
        updateTriggers: { getFillColor: [JSON.stringify([...chiefOf])], getLineColor: [o.hovered], getLineWidth: [o.hovered] },
        ...UNDER_LABELS,
      }),
    o.person &&
      new GeoJsonLayer({
        id: 'team-person-units',
        data: [...o.person.subgrids, ...o.person.blocks] as never,
        filled: true,
        stroked: true,
        getFillColor: [234, 88, 12, 60],
        getLineColor: TEAM_COLOURS.person,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
      }),
    o.person &&
      new GeoJsonLayer({
        id: 'team-person-grids',
        data: o.grids.filter((g) => personGrids.has(g.id)) as never,
        // Pickable so a test (and a click on the outline) finds what is drawn.
        pickable: true,
        filled: false,
        stroked: true,
        getLineColor: TEAM_COLOURS.person,
        getLineWidth: 5,
        lineWidthUnits: 'pixels',
      }),
    o.selected !== null &&
      new GeoJsonLayer({
        id: 'team-selected',
        data: o.grids.filter((g) => g.id === o.selected) as never,
        filled: false,
        stroked: true,
        getLineColor: TEAM_COLOURS.selected,
        getLineWidth: 4,
        lineWidthUnits: 'pixels',
      }),
    o.mode === 'grids' &&
      new TextLayer<LabelPoint>({
        id: 'team-empty-count',
        data: o.labels,
        getPosition: (d) => d.position as [number, number],
        getText: (d) => d.text,
        getSize: 14,
        getColor: [255, 255, 255, 255],
        fontWeight: 700,
        background: true,
        getBackgroundColor: [185, 28, 28, 230],
        backgroundPadding: [5, 2, 5, 2],
        backgroundBorderRadius: 8,
        characterSet: '!0123456789',
      }),
  ];
}
