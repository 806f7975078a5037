// Stage: H3 covers of grids, sub-grids and blocks.
import { rebuildCover, setCoverResolution, type CoverStats } from '../../server/locate/covers.ts';
import type { SeedContext } from '../context.ts';

export async function seedCovers(ctx: SeedContext): Promise<CoverStats[]> {
  const res = ctx.options.coverRes;
  const { hierarchy: h, layout } = ctx.plan;
  return ctx.db.transaction(async (tx) => {
    await setCoverResolution(tx, res);
    const bar = ctx.progress.bar('H3 covers', h.grids.length + h.subgrids.length + layout.blocks.length);
    const stats: CoverStats[] = [];
    for (const layer of ['grid', 'subgrid', 'block'] as const) {
      stats.push(await rebuildCover(tx, layer, res, undefined, () => bar.add(1)));
    }
    bar.done();
    return stats;
  });
}
