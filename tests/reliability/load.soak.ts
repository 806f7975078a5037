// The full load run (issue 8, part 5): tiles, lists and case posts from 50 connections
// for SOAK_LOAD_SECONDS (60 by default) against the server in its own process; no
// request may fail (non-2xx, connection errors, and timeouts: unanswered after 30 s, as
// in load.test.ts). `npm run test:soak` runs it; the 15-second version is
// load.test.ts in `npm test`.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runLoad, signIn } from '../../bench/load.ts';
import { freePort, serveProcess, type ServedProcess } from '../../bench/serve.ts';
import { BACKEND } from '../helpers/options.ts';

const SECONDS = Number(process.env.SOAK_LOAD_SECONDS ?? 60);

describe.skipIf(SECONDS <= 0)(`load soak (${BACKEND})`, () => {
  let server: ServedProcess;
  beforeAll(async () => {
    server = await serveProcess(inject('seededStore'), { port: await freePort(), env: { DUPLICATE_RADIUS_M: '0' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`answers tiles, lists and case posts at 50 connections for ${SECONDS} s without an error`, async () => {
    const token = await signIn(server.url, 'officer');
    const f = await runLoad({ url: server.url, token, connections: 50, durationS: SECONDS, timeoutS: 30, log: (l) => console.log(l.replace('[load]', `[load soak ${BACKEND}]`)) });
    for (const kind of ['tiles', 'lists', 'posts'] as const) expect(f.kinds[kind].requests, kind).toBeGreaterThan(0);
    expect({ non2xx: f.non2xx, errors: f.errors, timeouts: f.timeouts }).toEqual({ non2xx: 0, errors: 0, timeouts: 0 });
    expect(f.created).toBe(f.kinds.posts.requests);
  });
});
