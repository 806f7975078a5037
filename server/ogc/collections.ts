// The OGC API – Features collections, as data: one entry per layer with its table,
// geometry column, the property columns it exposes (a whitelist: nothing else of the
// table is ever read) and whether the public may read it. Personal data (the
// reporter's name and phone of a case, people and their phones) is not exposed.

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time';

export interface PropertyDef {
  /** Column name in the table; also the property name in the GeoJSON. */
  name: string;
  type: PropertyType;
  description?: string;
}

export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';

export interface CollectionDef {
  id: string;
  title: string;
  /** The title in Chinese, served as the collection's description. */
  titleZh: string;
  table: string;
  geometryColumn: string;
  geometryType: GeometryType;
  /** Integer primary key: the feature id. */
  idColumn: string;
  properties: readonly PropertyDef[];
  /** A timestamp column the `datetime` parameter filters on. */
  temporalColumn?: string;
  /**
   * Readable by the public role (the row-level-security policies let the public read
   * every row). The other collections are hidden from the public and refused with
   * 401/403; signed-in roles read them through the policies (a grid chief only the
   * rows of their grids).
   */
  public: boolean;
}

const s = (name: string, description?: string): PropertyDef => ({ name, type: 'string', ...(description ? { description } : {}) });
const i = (name: string, description?: string): PropertyDef => ({ name, type: 'integer', ...(description ? { description } : {}) });
const n = (name: string): PropertyDef => ({ name, type: 'number' });
const b = (name: string): PropertyDef => ({ name, type: 'boolean' });
const t = (name: string, description?: string): PropertyDef => ({ name, type: 'date-time', ...(description ? { description } : {}) });
const d = (name: string): PropertyDef => ({ name, type: 'date' });

const versioned = [i('version', 'Version of the record; bumped on every edit'), t('updated_at')];

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    id: 'admin_areas', title: 'Administrative areas (district, street offices, communities)', titleZh: '行政区划（区、街道、社区）',
    table: 'admin_areas', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: true,
    properties: [s('level', 'district, street or community'), s('code'), s('name'), s('name_en'), i('parent_id'), ...versioned],
  },
  {
    id: 'grids', title: 'Responsibility grids', titleZh: '网格',
    table: 'grids', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: false,
    properties: [s('code', '15-digit grid code'), s('name'), i('community_id'), s('team_model'), s('status'), ...versioned],
  },
  {
    id: 'subgrids', title: 'Sub-grids', titleZh: '子网格',
    table: 'subgrids', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: false,
    properties: [s('code', '17-digit sub-grid code'), s('name'), i('grid_id'), ...versioned],
  },
  {
    id: 'blocks', title: 'Street blocks', titleZh: '街区',
    table: 'blocks', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: false,
    properties: [s('code', '16-digit block code'), s('name'), i('community_id'), s('landuse'), ...versioned],
  },
  {
    id: 'components', title: 'City components (census)', titleZh: '城市部件',
    table: 'components', geometryColumn: 'geom', geometryType: 'Point', idColumn: 'id', public: false,
    properties: [
      s('code', '16-digit component code'), s('class_code'), s('status'), s('owner_dept'), s('maintainer_dept'),
      i('grid_id'), i('subgrid_id'), i('block_id'), d('installed_on'), t('checked_at'),
    ],
  },
  {
    id: 'cases', title: 'Cases', titleZh: '案件',
    table: 'cases', geometryColumn: 'geom', geometryType: 'Point', idColumn: 'id', public: false, temporalColumn: 'reported_at',
    // Not exposed: reporter_name, reporter_phone (personal data), assignee_id (a person).
    properties: [
      s('code', '14-digit case code'), s('channel'), s('type_code'), s('description'), s('address'), s('status'),
      s('route'), s('department'), i('grid_id'), i('subgrid_id'), i('block_id'), i('street_id'), i('component_id'),
      t('reported_at'), t('responded_at'), t('registered_at'), t('handled_at'), t('closed_at'),
      t('respond_due'), t('handle_due'), t('close_due'), i('satisfaction'), i('rework_count'), i('duplicate_of'), i('repeat_of'), i('version'),
    ],
  },
  {
    id: 'service_points', title: 'Service and public points', titleZh: '服务设施点',
    table: 'service_points', geometryColumn: 'geom', geometryType: 'Point', idColumn: 'id', public: true,
    properties: [s('kind'), s('name'), s('name_en'), s('address'), s('open_hours'), b('public'), i('grid_id')],
  },
  {
    id: 'roads', title: 'Roads', titleZh: '道路',
    table: 'roads', geometryColumn: 'geom', geometryType: 'LineString', idColumn: 'id', public: true,
    properties: [s('name'), s('name_en'), s('class', 'arterial, secondary, branch or lane'), n('width_m')],
  },
  {
    id: 'water_areas', title: 'Water areas', titleZh: '水域',
    table: 'water_areas', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: true,
    properties: [s('name'), s('kind')],
  },
  {
    id: 'green_areas', title: 'Green areas', titleZh: '绿地',
    table: 'green_areas', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: true,
    properties: [s('name'), s('kind')],
  },
  {
    id: 'buildings', title: 'Buildings', titleZh: '建筑',
    table: 'buildings', geometryColumn: 'geom', geometryType: 'Polygon', idColumn: 'id', public: true,
    properties: [s('use'), i('floors'), i('households'), s('name'), i('grid_id'), i('subgrid_id'), i('block_id')],
  },
  {
    id: 'charging_sheds', title: 'E-bike charging sheds', titleZh: '集中充电棚',
    table: 'charging_sheds', geometryColumn: 'geom', geometryType: 'Point', idColumn: 'id', public: true,
    properties: [s('name'), i('piles'), s('status'), i('grid_id')],
  },
  {
    id: 'vendor_zones', title: 'Vendor-diversion zones', titleZh: '摊贩疏导区',
    table: 'vendor_zones', geometryColumn: 'geom', geometryType: 'MultiPolygon', idColumn: 'id', public: true,
    properties: [s('name'), i('stalls'), s('hours'), s('status'), i('grid_id')],
  },
];

export const COLLECTION_IDS = COLLECTIONS.map((c) => c.id);

const byId = new Map(COLLECTIONS.map((c) => [c.id, c]));

export function findCollection(id: string): CollectionDef | undefined {
  return byId.get(id);
}
