// Planning runs in worker threads: a run whose thread has ended but whose outcome is not
// yet stored must still read as running (a poll in that window used to be told the run
// was lost to a restart), and a stored run is remembered as ended for readers whose
// snapshot predates the write.
import { afterAll, describe, expect, it } from 'vitest';
import { PlanJobs, type JobOutcome } from '../../../server/planning/jobs.ts';
import type { RunInput } from '../../../server/spatial/planning/run.ts';

const input: RunInput = {
  problem: 'mclp',
  facility: 'charging_shed',
  demand: [
    { h3: '8840a8a34dfffff', lon: 121.47, lat: 31.23, weight: 10, households: 100 },
    { h3: '8840a8a349fffff', lon: 121.475, lat: 31.232, weight: 5, households: 50 },
    { h3: '8840a8a34bfffff', lon: 121.49, lat: 31.24, weight: 2, households: 20 },
  ],
  sites: [
    { lon: 121.471, lat: 31.231, kind: 'cell', label: 'a' },
    { lon: 121.489, lat: 31.239, kind: 'cell', label: 'b' },
  ],
  p: 1,
  radius: 800,
  exact: true,
  timeLimit: 5,
};

describe('planning jobs', () => {
  const jobs = new PlanJobs();
  afterAll(() => jobs.closeAll());

  it('keeps a run running until its outcome is stored, then remembers it ended', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let heard: JobOutcome | null = null;
    const run = jobs.start(1, input, async (o) => {
      heard = o;
      await gate;
    });
    await expect.poll(() => heard, { timeout: 60_000 }).not.toBeNull();
    expect(heard!.status).toBe('done');
    // The thread has answered; the outcome is being written: still a run this process holds.
    const writing = jobs.progress(1);
    expect(writing).not.toBeNull();
    expect(jobs.wait(1)).not.toBeNull();
    release();
    await run;
    // Stored: a reader that saw the row before the write is told the run ended, not that it was lost.
    expect(jobs.progress(1)).toMatchObject({ fraction: 1 });
    expect(jobs.wait(1)).toBeNull();
    expect(jobs.progress(2)).toBeNull();
  });
});
