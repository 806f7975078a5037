// The KPI report as CSV (RFC 4180, CRLF) for spreadsheets: UTF-8 with a byte-order mark
// so that Excel reads the Chinese, headers in Chinese (lang=zh) or English (lang=en),
// one line per group and a last line of totals; each measure is followed by its
// value in the previous period. Rates are fractions (0.6667), as in the JSON answer.
import { DIMENSIONS } from './dimensions.ts';
import { MEASURES } from './measures.ts';
import type { KpiReport, KpiValues } from './query.ts';

export type KpiLang = 'zh' | 'en';

const BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, quote or line break; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: (string | number | null)[]) => fields.map(csvField).join(',');

export function kpiCsv(report: KpiReport, lang: KpiLang): string {
  const dim = report.by === 'none' ? null : DIMENSIONS[report.by];
  const head: string[] = dim
    ? [dim.headers.key[lang], ...(dim.headers.code ? [dim.headers.code[lang]] : []), dim.headers.label[lang]]
    : [lang === 'zh' ? '统计范围' : 'scope'];
  const measureHeads = MEASURES.flatMap((m) => (lang === 'zh' ? [m.zh, `${m.zh}（上期）`] : [m.en, `${m.en} (previous period)`]));
  const measureCells = (v: KpiValues, prev: KpiValues) => MEASURES.flatMap((m) => [v[m.key] ?? null, prev[m.key] ?? null]);
  const lines = [line([...head, ...measureHeads])];
  for (const r of report.rows) {
    const label = lang === 'zh' ? (r.label_zh ?? r.label_en) : (r.label_en ?? r.label_zh);
    lines.push(line([r.key, ...(dim?.headers.code ? [r.code] : []), label, ...measureCells(r.values, r.previous)]));
  }
  const total = lang === 'zh' ? '合计' : 'Total';
  lines.push(line([total, ...head.slice(1).map(() => null), ...measureCells(report.totals.values, report.totals.previous)]));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
