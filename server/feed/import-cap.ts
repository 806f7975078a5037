// A bulk import must not flood the feed: its first `cap` case events go out one by
// one, the cases after them become one `cases.imported` summary with counts per grid.
import type { Queryable } from '../db/types.ts';
import { isCasePublish, type Publish, type Publishable } from './events.ts';

export interface CappedPublish {
  publish: Publish;
  /** Inside the import's transaction once every row is written: publishes the summary, if any. */
  finish(tx: Queryable): Promise<void>;
}

export function cappedPublish(publish: Publish, cap: number): CappedPublish {
  let passed = 0;
  const rest: number[] = [];
  return {
    publish(e: Publishable) {
      if (isCasePublish(e) && e.type === 'case.created') {
        if (passed >= cap) {
          rest.push(e.case_id);
          return;
        }
        passed++;
      }
      publish(e);
    },
    async finish(tx) {
      if (rest.length === 0) return;
      const r = await tx.query<{ grid_id: number | null; n: number }>(
        'select grid_id, count(*)::int as n from cases where id = any($1::int8[]) group by grid_id order by grid_id nulls last',
        [rest],
      );
      publish({ type: 'cases.imported', count: rest.length, by_grid: r.rows.map((g) => ({ grid_id: g.grid_id, count: g.n })) });
    },
  };
}
