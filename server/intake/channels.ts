// Which adapter each channel's records go through and how their fields map: data, not
// code. The first two adapters are Open311 (the 12345 hotline and the other hotlines
// that speak GeoReport v2) and CSV batch files (departments' and property managers'
// exports, the online forums' daily lists). Adding a channel that sends one of these
// is a new entry here.
import type { AdapterName, ChannelAdapter, ChannelSetting, FieldMapping } from './adapter.ts';
import { csvAdapter } from './csv.ts';
import { open311Adapter } from './open311.ts';

export const ADAPTERS: Record<AdapterName, ChannelAdapter> = { open311: open311Adapter, csv: csvAdapter };

/** GeoReport v2 fields; the hotline's work-order number travels as attribute[external_id]. */
const OPEN311_FIELDS: FieldMapping = {
  external_id: 'attribute[external_id]', type_code: 'service_code', description: 'description', lon: 'long', lat: 'lat',
  address: 'address_string', reporter_name: 'reporter', reporter_phone: 'phone',
};

/** The columns of the city's batch-file template (工单导入模板), Chinese headers. */
const CSV_ZH: FieldMapping = {
  external_id: '工单编号', type_code: '问题类型', description: '问题描述', lon: '经度', lat: '纬度', reported_at: '上报时间',
  address: '地址', reporter_name: '反映人', reporter_phone: '联系电话',
};

/** Plain-language type labels the batch files use (the leaf type names of the taxonomy also work as 8-digit codes). */
const COMMON_TYPES: Record<string, string> = {
  暴露垃圾: '01010101', 积存垃圾渣土: '01010103', 垃圾箱满溢: '01020101', 装修垃圾乱堆放: '01020301',
  流动摊贩: '02020101', 占道经营: '02020201', 夜市摊点: '02020203',
};

export const CHANNEL_SETTINGS: readonly ChannelSetting[] = [
  { channel: 'hotline_12345', adapter: 'open311', fields: OPEN311_FIELDS },
  { channel: 'radio_hotline', adapter: 'open311', fields: OPEN311_FIELDS },
  { channel: 'supervision_hotline', adapter: 'open311', fields: OPEN311_FIELDS },
  { channel: 'online_wenzheng', adapter: 'csv', fields: CSV_ZH, types: COMMON_TYPES },
  { channel: 'city_portal', adapter: 'csv', fields: CSV_ZH, types: COMMON_TYPES },
  { channel: 'property_manager', adapter: 'csv', fields: CSV_ZH, types: COMMON_TYPES },
  { channel: 'dept_referral', adapter: 'csv', fields: CSV_ZH, types: COMMON_TYPES },
  {
    channel: 'info_collector', adapter: 'csv', types: COMMON_TYPES,
    fields: { external_id: 'record_id', type_code: 'type', description: 'note', lon: 'lon', lat: 'lat', reported_at: 'time', address: 'address' },
  },
];

export function channelSetting(channel: string): ChannelSetting | undefined {
  return CHANNEL_SETTINGS.find((s) => s.channel === channel);
}
