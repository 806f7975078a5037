import { describe, expect, it } from 'vitest';
import { csvField, kpiCsv } from '../../../server/kpis/csv.ts';
import { MEASURES } from '../../../server/kpis/measures.ts';
import { kpiPeriods } from '../../../server/kpis/period.ts';
import type { KpiReport, KpiValues } from '../../../server/kpis/query.ts';

const values = (reported: number, rate: number | null): KpiValues =>
  Object.fromEntries(MEASURES.map((m) => [m.key, m.kind === 'count' ? reported : rate]));

describe('KPI CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('青山社区第一网格')).toBe('青山社区第一网格');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
  });

  it('writes a BOM, a header, one line per group and the totals, CRLF', () => {
    const { current, previous } = kpiPeriods({ from: '2020-03-01', to: '2020-03-31' });
    const report: KpiReport = {
      by: 'street', level: null, current, previous, filter: { grid: null, street: null, type: null, channel: null }, generatedAt: new Date(),
      rows: [
        { key: 2, code: '431302001', label_zh: '大科街道', label_en: 'Dake Subdistrict', values: values(3, 0.5), previous: values(1, null) },
        { key: null, code: null, label_zh: '无街道', label_en: 'no street office', values: values(1, 1), previous: values(0, null) },
      ],
      totals: { values: values(4, 0.75), previous: values(1, null) },
    };
    const zh = kpiCsv(report, 'zh');
    expect(zh.startsWith('\uFEFF街道ID,街道编码,街道名称,报告数,报告数（上期）,有效报告数,')).toBe(true);
    const lines = zh.slice(1).split('\r\n');
    expect(lines).toHaveLength(5); // header, 2 rows, totals, and the empty string after the last CRLF
    expect(lines[1]!.startsWith('2,431302001,大科街道,3,1,3,1,')).toBe(true);
    expect(lines[2]!.startsWith(',,无街道,1,0,')).toBe(true);
    expect(lines[3]!.startsWith('合计,,,4,1,')).toBe(true);
    expect(lines[4]).toBe('');
    const en = kpiCsv(report, 'en').slice(1).split('\r\n');
    expect(en[0]!.startsWith('street office id,street office code,street office name,reported,reported (previous period),')).toBe(true);
    expect(en[1]).toContain('Dake Subdistrict');
    expect(en[3]!.startsWith('Total,,,4,1,')).toBe(true);
    // A rate of 0.75 beside a null previous rate (an empty cell).
    const head = kpiCsv(report, 'en').slice(1).split('\r\n')[0]!.split(',');
    expect(en[3]!.split(',')[head.indexOf('registration rate')]).toBe('0.75');
    expect(en[3]!.split(',')[head.indexOf('registration rate (previous period)')]).toBe('');
  });
});
