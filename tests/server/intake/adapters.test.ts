// The adapter interface with its first two adapters: CSV batch files through a
// channel's column mapping and type labels, and GeoReport v2 requests through the
// Open311 filing's own parser; every refused record named by record, line and field.
import { describe, expect, it } from 'vitest';
import type { ChannelSetting } from '../../../server/intake/adapter.ts';
import { ADAPTERS, CHANNEL_SETTINGS, channelSetting } from '../../../server/intake/channels.ts';

const csv = channelSetting('property_manager')!;
const hotline = channelSetting('hotline_12345')!;

describe('channel adapters', () => {
  it('configures channels as data: each names a known adapter and maps the required fields', () => {
    expect(CHANNEL_SETTINGS.length).toBeGreaterThanOrEqual(5);
    expect(new Set(CHANNEL_SETTINGS.map((s) => s.channel)).size).toBe(CHANNEL_SETTINGS.length);
    for (const s of CHANNEL_SETTINGS) {
      expect(Object.keys(ADAPTERS)).toContain(s.adapter);
      for (const k of ['external_id', 'type_code', 'lon', 'lat'] as const) expect(s.fields[k]).toBeTruthy();
    }
  });

  it('CSV: maps Chinese columns and type labels to case inputs on the channel, times without a zone in CST', () => {
    const file = '\uFEFF工单编号,问题类型,问题描述,经度,纬度,上报时间,地址,反映人,联系电话\n'
      + 'WY-001,暴露垃圾,小区门口垃圾堆放,111.9977,27.7313,2026-12-01 08:30,娄星区某小区,张三,13800001111\n'
      + 'WY-002,02020101,,111.99,27.73,,,,\n';
    const r = ADAPTERS.csv.parse(file, csv);
    expect(r.problems).toEqual([]);
    expect(r.inputs).toEqual([
      { record: 0, line: 2, input: { channel: 'property_manager', external_id: 'WY-001', type_code: '01010101', description: '小区门口垃圾堆放', lon: 111.9977, lat: 27.7313,
        reported_at: '2026-12-01T00:30:00.000Z', address: '娄星区某小区', reporter_name: '张三', reporter_phone: '13800001111' } },
      { record: 1, line: 3, input: { channel: 'property_manager', external_id: 'WY-002', type_code: '02020101', description: '', lon: 111.99, lat: 27.73 } },
    ]);
  });

  it('CSV: names every problem by line and column; a missing column refuses the file', () => {
    const file = '工单编号,问题类型,经度,纬度,上报时间\n'
      + ',暴露垃圾,111.9,27.7,\n'
      + 'A2,外星人,abc,95,2026-13-45\n';
    const r = ADAPTERS.csv.parse(file, csv);
    expect(r.inputs).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [2, '工单编号', 'required'],
      [3, '问题类型', 'unknown_type'],
      [3, '经度', 'not_a_number'],
      [3, '纬度', 'out_of_range'],
      [3, '上报时间', 'invalid_time'],
    ]);
    const noCol = ADAPTERS.csv.parse('编号,类型\n1,2\n', csv);
    expect(noCol.problems).toEqual([expect.objectContaining({ line: 1, field: 'header', reason: 'missing_columns' })]);
    expect(ADAPTERS.csv.parse('a,b\n"x,1\n', csv).problems[0]!.reason).toBe('malformed_csv');
  });

  it('CSV: another channel with other columns is a mapping, not code', () => {
    const own: ChannelSetting = { channel: 'grid_patrol', adapter: 'csv', fields: { external_id: 'no', type_code: 'kind', lon: 'x', lat: 'y' }, types: { rubbish: '01010101' } };
    const r = ADAPTERS.csv.parse('no,kind,x,y\n7,rubbish,112,27.7\n', own);
    expect(r.inputs[0]!.input).toMatchObject({ channel: 'grid_patrol', external_id: '7', type_code: '01010101', lon: 112, lat: 27.7 });
  });

  it('Open311: reads GeoReport v2 requests with the Open311 route\'s checks; the work-order number is the external id', () => {
    const body = JSON.stringify([
      { 'attribute[external_id]': 'GD20261201001', service_code: '01010101', lat: 27.7313, long: 111.9977, description: '路边暴露垃圾', first_name: '三', last_name: '张', phone: '13800002222', address_string: '长青街' },
      { 'attribute[external_id]': 'GD20261201002', service_code: '01010101', lat: '27.7' },
      { service_code: '01010101', lat: 27.7, long: 112 },
      { 'attribute[external_id]': 'GD3', service_code: '01010101', lat: 27.7, long: 112, colour: 'red' },
      'nope',
    ]);
    const r = ADAPTERS.open311.parse(body, hotline);
    expect(r.inputs).toEqual([{ record: 0, input: {
      channel: 'hotline_12345', external_id: 'GD20261201001', type_code: '01010101', description: '路边暴露垃圾', lon: 111.9977, lat: 27.7313,
      address: '长青街', reporter_name: '张三', reporter_phone: '13800002222' } }]);
    expect(r.problems.map((p) => [p.record, p.reason])).toEqual([[1, 'invalid_request'], [2, 'required'], [3, 'invalid_request'], [4, 'not_an_object']]);
    expect(r.problems[0]!.message).toMatch(/long/);
    expect(r.problems[2]!.message).toMatch(/colour/);
    expect(ADAPTERS.open311.parse('{', hotline).problems[0]!.reason).toBe('malformed_json');
    expect(ADAPTERS.open311.parse('{}', hotline).problems[0]!.reason).toBe('not_an_array');
  });
});
