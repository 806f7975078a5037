// The bench report's pure parts: the scale of a store from its cases, the summary of
// targets (missed ones named with their limit), the growth table and its SVG plot.
import { describe, expect, it } from 'vitest';
import { growthMarkdown, growthSvg, scaleOf, type RunResult } from '../../bench/growth.ts';
import { summaryMarkdown, type Figure } from '../../bench/targets.ts';

const machine = { cores: 2, cpu: 'CPU', ramGiB: 24, node: 'v20', backend: 'server', postgres: '15', postgis: '3.3', loadStart: [1, 1, 1] };
const run = (scale: RunResult['scale'], cases: number, ms: number): RunResult => ({
  scale, date: '2026-12-07T17:00:00Z', quick: false, machine, counts: { cases, components: 1, grids: 63 },
  metrics: { 'heatmap: last 7 days, res 8, ms': ms, 'tiles: cached z16 tiles/s': 5000 },
});

describe('bench report', () => {
  it('tells the seed scale from the number of cases', () => {
    expect(scaleOf(20_000)).toBe('demo');
    expect(scaleOf(300_000)).toBe('city');
    expect(scaleOf(1_050_000)).toBe('large');
  });

  it('marks each target met or missed and names what limits the missed ones', () => {
    const figures: Figure[] = [
      { name: 'fast', value: 50, unit: 'ms', baseline: { what: 'geometry', value: 900, unit: 'ms' }, ratio: 18, target: '< 100 ms', met: true },
      { name: 'slow', value: 400, unit: 'ms', baseline: null, ratio: null, target: '< 100 ms', met: false, limit: 'one index entry a case' },
    ];
    const md = summaryMarkdown(figures);
    expect(md).toContain('| fast | 50.0 ms | 900 ms (geometry) | 18.00× | < 100 ms | met |');
    expect(md).toContain('| slow | 400 ms | – | – | < 100 ms | **missed** |');
    expect(md).toContain('- **slow**: one index entry a case');
    expect(summaryMarkdown([figures[0]!])).toContain('Every target was met');
  });

  it('puts each scale in a column of the growth table and plots the millisecond figures', () => {
    const runs = [run('demo', 20_000, 5), run('city', 300_000, 20), run('large', 1_050_000, 60)];
    const md = growthMarkdown(runs);
    expect(md).toContain('| heatmap: last 7 days, res 8, ms | 5.0 | 20.0 | 60.0 |');
    expect(md).toContain('| tiles: cached z16 tiles/s | 5,000 | 5,000 | 5,000 |');
    const svg = growthSvg(runs);
    expect(svg.startsWith('<svg')).toBe(true);
    // One line for the one millisecond metric, through three points; tiles/s is not plotted.
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).not.toContain('tiles/s');
  });
});
