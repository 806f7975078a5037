// The headline figures of a run: each with its baseline from the same run, the ratio,
// the target and whether it was met, and, where it was missed, what limits it (a
// measured figure, written by the benchmark that measured it).

export interface Figure {
  /** Short name, e.g. "tiles: z14 HTTP p50 / raw ST_AsMVT". */
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run (null: an absolute target). */
  baseline: { what: string; value: number; unit: string } | null;
  /** value / baseline or baseline / value, as the target reads it. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  /** Where the target is missed: what limits it, as measured. */
  limit?: string;
}

const num = (v: number, unit: string) => {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
};

export function summaryMarkdown(figures: Figure[]): string {
  const rows = figures.map((f) => `| ${f.name} | ${num(f.value, f.unit)} | ${f.baseline ? `${num(f.baseline.value, f.baseline.unit)} (${f.baseline.what})` : '–'} | ${f.ratio === null ? '–' : `${f.ratio.toFixed(2)}×`} | ${f.target} | ${f.met === null ? '–' : f.met ? 'met' : '**missed**'} |`);
  const missed = figures.filter((f) => f.met === false);
  return `| figure | value | baseline (same run) | ratio | target | met |
| --- | ---: | ---: | ---: | --- | --- |
${rows.join('\n')}

${missed.length === 0 ? 'Every target was met in this run.' : `Missed in this run:\n\n${missed.map((f) => `- **${f.name}**: ${f.limit ?? 'no measurement of the limit was taken'}`).join('\n')}`}
`;
}
