// What KPIs are grouped by: a whitelist. Each dimension gives the SQL of a case's group
// key, the join that names a key (code, Chinese and English label; null where the data
// has one language only), how rows are ordered, what a case without a key is called,
// and the CSV headers. Only these SQL fragments ever reach the query text.

export const KPI_DIMENSIONS = ['none', 'grid', 'subgrid', 'street', 'department', 'person', 'channel', 'type', 'day', 'week', 'month'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

/** Report times are bucketed into days, weeks and months in China Standard Time. */
export const KPI_TIME_ZONE = 'Asia/Shanghai';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface DimensionSpec {
  /**
   * SQL of the group key over a case row `c`. `at` is the SQL of the case's report
   * time as bucketed (previous-period cases shifted into the current period); `level`
   * the SQL of the type level's code length.
   */
  key(at: string, level: string): string;
  /** Joins naming key `a.k` (alias x). */
  join: string;
  code: string;
  labelZh: string;
  labelEn: string;
  /** Row order (nulls last, then the key). */
  sort: string;
  /** The label of cases without a key. */
  none: Bilingual | null;
  /** Whether the key is a time bucket (the previous period is then shifted onto it). */
  time: boolean;
  headers: { key: Bilingual; code?: Bilingual; label: Bilingual };
}

const cst = (at: string) => `(${at} at time zone '${KPI_TIME_ZONE}')`;
/** The first day of the bucket, as a date (read as 'YYYY-MM-DD' on both backends). */
const bucket = (unit: 'day' | 'week' | 'month') => (at: string) => (unit === 'day' ? `${cst(at)}::date` : `date_trunc('${unit}', ${cst(at)})::date`);

const idDimension = (column: string, table: string, noun: Bilingual, none: Bilingual, names: { code: string; zh: string; en: string }): DimensionSpec => ({
  key: () => `c.${column}`,
  join: `left join ${table} x on x.id = a.k`,
  code: names.code,
  labelZh: names.zh,
  labelEn: names.en,
  sort: names.code === 'null' ? names.zh : names.code,
  none,
  time: false,
  headers: {
    key: { zh: `${noun.zh}ID`, en: `${noun.en} id` },
    ...(names.code === 'null' ? {} : { code: { zh: `${noun.zh}编码`, en: `${noun.en} code` } }),
    label: { zh: `${noun.zh}名称`, en: `${noun.en} name` },
  },
});

const codeDimension = (key: (at: string, level: string) => string, table: string, noun: Bilingual, none: Bilingual | null, sort = 'a.k'): DimensionSpec => ({
  key,
  join: `left join ${table} x on x.code = a.k`,
  code: 'a.k',
  labelZh: 'x.name_zh',
  labelEn: 'x.name_en',
  sort,
  none,
  time: false,
  headers: { key: { zh: `${noun.zh}编码`, en: `${noun.en} code` }, label: { zh: `${noun.zh}名称`, en: `${noun.en} name` } },
});

const timeDimension = (unit: 'day' | 'week' | 'month', headers: { key: Bilingual; label: Bilingual }, zh: string, en: string): DimensionSpec => ({
  key: bucket(unit),
  join: '',
  code: 'null',
  labelZh: `to_char(a.k, '${zh}')`,
  labelEn: `to_char(a.k, '${en}')`,
  sort: 'a.k',
  none: null,
  time: true,
  headers,
});

export const DIMENSIONS: Record<Exclude<KpiDimension, 'none'>, DimensionSpec> = {
  grid: idDimension('grid_id', 'grids', { zh: '网格', en: 'grid' }, { zh: '网格外（街道待办）', en: 'outside every grid (street queue)' },
    { code: 'x.code', zh: 'x.name', en: 'null' }),
  subgrid: idDimension('subgrid_id', 'subgrids', { zh: '子网格', en: 'sub-grid' }, { zh: '无子网格', en: 'no sub-grid' },
    { code: 'x.code', zh: 'x.name', en: 'null' }),
  street: idDimension('street_id', 'admin_areas', { zh: '街道', en: 'street office' }, { zh: '无街道', en: 'no street office' },
    { code: 'x.code', zh: 'x.name', en: 'x.name_en' }),
  person: idDimension('assignee_id', 'people', { zh: '承办人', en: 'assignee' }, { zh: '未指派', en: 'unassigned' },
    { code: 'null', zh: 'x.name', en: 'null' }),
  department: codeDimension(() => 'c.department', 'departments', { zh: '部门', en: 'department' }, { zh: '未派遣', en: 'not dispatched' }),
  channel: codeDimension(() => 'c.channel', 'channels', { zh: '渠道', en: 'channel' }, null, 'x.sort'),
  type: codeDimension((_at, level) => `left(c.type_code, ${level})`, 'case_types', { zh: '案件类别', en: 'case type' }, null),
  day: timeDimension('day', { key: { zh: '日期', en: 'date' }, label: { zh: '日', en: 'day' } }, 'YYYY"年"MM"月"DD"日"', 'YYYY-MM-DD'),
  week: timeDimension('week', { key: { zh: '周起始日', en: 'week start' }, label: { zh: '周', en: 'week' } }, 'IYYY"年第"IW"周"', 'IYYY-"W"IW'),
  month: timeDimension('month', { key: { zh: '月起始日', en: 'month start' }, label: { zh: '月份', en: 'month' } }, 'YYYY"年"MM"月"', 'YYYY-MM'),
};
