// The three layers of versioned boundaries the planners edit: grids, sub-grids and
// street blocks. Declared as data: table, code rule, parent, editable properties.
import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../http/validate.ts';

export type UnitLayer = 'grid' | 'subgrid' | 'block';

export interface UnitLayerSpec {
  layer: UnitLayer;
  table: 'grids' | 'subgrids' | 'blocks';
  /** URL segment: /api/grids, /api/subgrids, /api/blocks. */
  plural: 'grids' | 'subgrids' | 'blocks';
  /** Properties a create must give. */
  createProps: TSchema;
  /** Properties an update may give (all optional). */
  updateProps: TSchema;
  /** Columns written from the properties, in a fixed order. */
  columns: readonly string[];
}

const LANDUSE = ['residential', 'commercial', 'mixed', 'industrial', 'education', 'health', 'park', 'public', 'market', 'vacant'] as const;

const gridProps = {
  code: Type.String({ pattern: '^[0-9]{15}$', description: 'community code (12 digits) + 3-digit sequence' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  community_id: Type.Integer({ minimum: 1 }),
  team_model: Type.String({ minLength: 1, maxLength: 40 }),
  status: StringEnum(['active', 'draft'], { description: 'a draft is saved without the gap and overlap checks' }),
};
const subgridProps = {
  code: Type.String({ pattern: '^[0-9]{17}$', description: 'grid code + 2-digit sequence' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  grid_id: Type.Integer({ minimum: 1 }),
};
const blockProps = {
  code: Type.String({ pattern: '^[0-9]{16}$', description: 'community code + 4-digit sequence' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  community_id: Type.Integer({ minimum: 1 }),
  landuse: StringEnum(LANDUSE),
};

const strict = { additionalProperties: false } as const;
const partial = (props: Record<string, TSchema>) =>
  Type.Object(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])), strict);

export const UNIT_LAYERS: Record<UnitLayer, UnitLayerSpec> = {
  grid: {
    layer: 'grid',
    table: 'grids',
    plural: 'grids',
    createProps: Type.Object({ ...gridProps, team_model: Type.Optional(gridProps.team_model), status: Type.Optional(gridProps.status) }, strict),
    updateProps: partial(gridProps),
    columns: ['code', 'name', 'community_id', 'team_model', 'status'],
  },
  subgrid: {
    layer: 'subgrid',
    table: 'subgrids',
    plural: 'subgrids',
    createProps: Type.Object(subgridProps, strict),
    updateProps: partial(subgridProps),
    columns: ['code', 'name', 'grid_id'],
  },
  block: {
    layer: 'block',
    table: 'blocks',
    plural: 'blocks',
    createProps: Type.Object(blockProps, strict),
    updateProps: partial(blockProps),
    columns: ['code', 'name', 'community_id', 'landuse'],
  },
};

/** Smallest area, in square metres, that counts as a gap or an overlap. */
export const TOPOLOGY_TOLERANCE_M2 = 1;
