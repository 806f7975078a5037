// The wall map soak (issue 8, part 5): the wall open in Chromium as the command centre
// for SOAK_WALL_MINUTES (30 by default) after a warm-up, while the case simulator posts
// 2 cases/s; the JS heap after a forced GC must grow by less than 10 % from the
// warmed-up baseline, the ticker and the pulses stay bounded, the page throws nothing.
// `npm run test:soak` runs it (bench/wall-soak.ts; `npx tsx bench/wall-memory.ts` is
// the same from the command line).
import { describe, expect, inject, it } from 'vitest';
import { wallSoak } from '../../bench/wall-soak.ts';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER } from '../web/browser.ts';

const MINUTES = Number(process.env.SOAK_WALL_MINUTES ?? 30);

describe.skipIf(NO_BROWSER || MINUTES <= 0)(`wall map soak (${BACKEND})`, () => {
  it(`keeps its heap within 10 % over ${MINUTES} min of intake`, async () => {
    const r = await wallSoak(inject('seededStore'), { minutes: MINUTES, rate: 2, census: true, log: (l) => console.log(l.replace('[wall soak]', `[wall soak ${BACKEND}]`)) });
    expect(r.pageErrors).toEqual([]);
    expect(r.simulated.created).toBeGreaterThan(MINUTES * 60);
    for (const s of r.samples) {
      expect(s.ticker, s.label).toBeLessThanOrEqual(30);
      expect(s.pulses, s.label).toBeLessThanOrEqual(40);
      expect(s.feed, s.label).toBe('live');
    }
    expect(r.growth).toBeLessThan(0.1);
  });
});
