// The team desk in a real browser: a planner opens a grid with an empty seat (emptied
// through the API first), fills it from the people search, saves, sees the team turn
// complete in the panel, on the map and in the grid list, reloads and sees it kept; a
// save over someone else's change is refused and reloads; and one person's seats across
// grids are listed and outlined on the map.
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Position } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

interface TeamSummary {
  complete: boolean;
  empty_seats: string[];
}
type Grid = Feature<MultiPolygon, { code: string; name: string; team: TeamSummary }> & { id: number };
interface Holder {
  person_id: number;
  name: string;
}
interface Team {
  complete: boolean;
  empty_seats: string[];
  seats: { seat_kind: string; holders: Holder[] }[];
}
interface Person {
  id: number;
  name: string;
  seats: { grid_id: number; seat_kind: string }[];
}

/** The team colours of web/src/team/layers.ts. */
const COMPLETE = [34, 197, 94, 95];
const ONE_EMPTY = [250, 204, 21, 140];
const SEAT = 'spec_sanitation';

/** The fill colour the map draws at a point of a grid (deck.gl picking on the grid layer). */
async function fillAt(page: Page, p: Position): Promise<number[] | null> {
  return page.evaluate(([lng, lat]) => {
    const map = window.__gridcityMap!;
    const q = map.project([lng!, lat!]);
    const info = window.__gridcityOverlay!.pickObject({ x: q.x, y: q.y, radius: 0, layerIds: ['team-grids'] });
    if (!info?.object) return null;
    const get = (info.layer!.props as unknown as { getFillColor: (f: unknown) => number[] }).getFillColor;
    return [...get(info.object)];
  }, p);
}

describe.skipIf(NO_BROWSER)(`team desk in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let token: string;
  let grids: Grid[];
  /** A grid whose team was complete, with one seat emptied for the test, and its holder. */
  let grid: Grid;
  let removed: Holder;

  const api = async <T>(path: string) => {
    const r = await web.app.get(path, { token });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };
  const readTeam = async (id: number) => {
    const r = await web.app.get(`/api/grids/${id}/team`, { token });
    return { team: (await r.json()) as Team, etag: r.headers.get('etag')! };
  };
  const putTeam = (id: number, seats: { seat_kind: string; person_id: number }[], etag: string) =>
    web.app.request('PUT', `/api/grids/${id}/team`, { token, body: { seats }, headers: { 'if-match': etag } });
  const seatsOf = (team: Team) => team.seats.flatMap((s) => s.holders.map((h) => ({ seat_kind: s.seat_kind, person_id: h.person_id })));

  beforeAll(async () => {
    web = await startWeb(inject('seededStore'));
    token = await web.app.login('planner');
    grids = (await api<{ features: Grid[] }>('/api/grids?limit=1000')).features;
    grid = grids.find((g) => g.properties.team.complete)!;
    expect(grid).toBeDefined();
    // Empty one seat through the API: the team is then one seat short.
    const { team, etag } = await readTeam(grid.id);
    removed = team.seats.find((s) => s.seat_kind === SEAT)!.holders[0]!;
    const r = await putTeam(grid.id, seatsOf(team).filter((s) => !(s.seat_kind === SEAT && s.person_id === removed.person_id)), etag);
    expect(r.status).toBe(200);
    expect((await api<Grid>(`/api/grids/${grid.id}`)).properties.team).toMatchObject({ complete: false, empty_seats: [SEAT] });
  });
  afterAll(async () => {
    await web?.close();
  });

  it('fills an empty seat from the people search: complete in the panel, on the map and in the grid list; kept after reload', async () => {
    const page = await web.open('/team', { user: 'planner' });
    await expect.poll(() => page.locator('[data-testid="pick-grid"]').count()).toBe(1);
    // Find the grid by its code, as a planner would.
    await page.locator('.search input').fill(grid.properties.code);
    await page.locator('.search li[role="option"]', { hasText: grid.properties.name }).first().click();
    const badge = page.locator('[data-testid="completeness"]');
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toBe('缺 1 个岗位');
    const seat = page.locator(`[data-seat="${SEAT}"]`);
    expect(await seat.getAttribute('data-empty')).toBe('true');
    expect(await seat.textContent()).toContain('空缺');
    await page.waitForFunction(() => !window.__gridcityMap!.isMoving());
    const inside = pointOnFeature(grid).geometry.coordinates;
    await expect.poll(() => fillAt(page, inside), { timeout: 20_000 }).toEqual(ONE_EMPTY);

    // Staff it: the seat's button, then the person from the search.
    await seat.locator('[data-action="target-seat"]').click();
    await expect.poll(() => page.locator('[data-testid="search-target"]').textContent()).toContain('环卫网格员');
    await page.locator('[data-testid="people-search"] input[type="search"]').fill(removed.name);
    const hit = page.locator(`[data-testid="people-search"] li[data-person="${removed.person_id}"]`);
    await hit.locator('[data-action="pick-person"]').click();
    await expect.poll(() => seat.getAttribute('data-empty')).toBe('false');
    expect(await seat.locator('.chip').textContent()).toContain(removed.name);
    await expect.poll(() => badge.textContent()).toBe('队伍齐全');
    // Not saved yet: the map still shows the saved team.
    expect(await fillAt(page, inside)).toEqual(ONE_EMPTY);

    await page.locator('[data-action="save-team"]').click();
    await expect.poll(() => page.locator('.toast').textContent(), { timeout: 30_000 }).toBe('队伍已保存：队伍齐全');
    await expect.poll(() => fillAt(page, inside), { timeout: 20_000 }).toEqual(COMPLETE);
    expect((await api<Grid>(`/api/grids/${grid.id}`)).properties.team).toMatchObject({ complete: true, empty_seats: [] });
    const saved = (await readTeam(grid.id)).team;
    expect(saved.seats.find((s) => s.seat_kind === SEAT)!.holders.map((h) => h.person_id)).toEqual([removed.person_id]);
    await screenshot(page, 'team');
    // The change log names the seat, the person and who staffed it.
    await page.locator('.tabs button[data-tab="history"]').click();
    const latest = page.locator('[data-testid="team-history"] li').first();
    await latest.waitFor({ timeout: 20_000 });
    expect(await latest.getAttribute('data-op')).toBe('add');
    expect(await latest.getAttribute('data-person')).toBe(String(removed.person_id));
    expect(await latest.textContent()).toMatch(new RegExp(`加入\\s*${removed.name}\\s*· 环卫网格员\\s*planner · `));
    await screenshot(page, 'team-history');
    await page.locator('.tabs button[data-tab="seats"]').click();

    await page.reload();
    await waitForMap(page);
    await expect.poll(() => page.locator('[data-testid="completeness"]').textContent(), { timeout: 20_000 }).toBe('队伍齐全');
    expect(await page.locator(`[data-seat="${SEAT}"] .chip`).textContent()).toContain(removed.name);
    await page.waitForFunction(() => !window.__gridcityMap!.isMoving());
    await expect.poll(() => fillAt(page, inside), { timeout: 20_000 }).toEqual(COMPLETE);
  });

  it('refuses a save over a change made meanwhile, says what changed, and reloads', async () => {
    const page = await web.open(`/team?grid=${grid.id}`, { user: 'planner' });
    const seat = page.locator(`[data-seat="${SEAT}"]`);
    await expect.poll(() => seat.getAttribute('data-empty'), { timeout: 20_000 }).toBe('false');
    // In the browser: clear the seat (not saved yet).
    await seat.locator('.chip button.x').click();
    await expect.poll(() => page.locator('[data-testid="completeness"]').textContent()).toBe('缺 1 个岗位');
    // Meanwhile someone else clears the coordinator from the street office.
    const { team, etag } = await readTeam(grid.id);
    expect((await putTeam(grid.id, seatsOf(team).filter((s) => s.seat_kind !== 'coord_street_office'), etag)).status).toBe(200);

    await page.locator('[data-action="save-team"]').click();
    const conflict = page.locator('[data-testid="conflict"]');
    await expect.poll(() => conflict.textContent(), { timeout: 20_000 }).toContain('街道班子成员');
    await conflict.locator('[data-action="reload-team"]').click();
    // The team as the other person left it: the sanitation seat kept, the coordinator gone.
    await expect.poll(() => page.locator('[data-seat="coord_street_office"]').getAttribute('data-empty'), { timeout: 20_000 }).toBe('true');
    expect(await seat.getAttribute('data-empty')).toBe('false');
    expect(await page.locator('[data-testid="conflict"]').count()).toBe(0);
  });

  it("shows one person's seats across grids, listed and outlined on the map", async () => {
    // The person holding seats in the most grids.
    const people = (await api<{ people: Person[] }>('/api/people?limit=200')).people;
    const many = people.map((p) => ({ p, grids: new Set(p.seats.map((s) => s.grid_id)) })).sort((a, b) => b.grids.size - a.grids.size)[0]!;
    expect(many.grids.size).toBeGreaterThan(1);

    const page = await web.open('/team', { user: 'planner', lang: 'en' });
    await page.locator('[data-testid="people-search"] input[type="search"]').fill(many.p.name);
    await page.locator(`[data-testid="people-search"] li[data-person="${many.p.id}"] [data-action="show-person"]`).click();
    const panel = page.locator(`[data-testid="person"][data-person="${many.p.id}"]`);
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 20_000 }).toBe(`Seats of ${many.p.name}`);
    expect(await page.locator('[data-testid="person-seats"] tr').count()).toBe(many.p.seats.length);
    const listed = await page.locator('[data-testid="person-seats"] tr').evaluateAll((rows) => [...new Set(rows.map((r) => Number(r.getAttribute('data-grid'))))].sort((a, b) => a - b));
    expect(listed).toEqual([...many.grids].sort((a, b) => a - b));

    // On the map: the view fits to their grids and outlines every one of them.
    const theirs = grids.filter((g) => many.grids.has(g.id));
    await page.waitForFunction(() => window.__gridcityMap!.loaded() && !window.__gridcityMap!.isMoving());
    const outlined = async () =>
      page.evaluate(() => {
        const c = window.__gridcityMap!.getCanvas();
        const picked = window.__gridcityOverlay!.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, layerIds: ['team-person-grids'] });
        return [...new Set(picked.map((i) => (i.object as { id: number }).id))].sort((a, b) => a - b);
      });
    await expect.poll(outlined, { timeout: 20_000 }).toEqual(theirs.map((g) => g.id).sort((a, b) => a - b));
    await screenshot(page, 'team-person');

    // A grid from their list opens that grid's team.
    const first = theirs[0]!;
    await panel.locator(`tr[data-grid="${first.id}"] button`).first().click();
    await expect.poll(() => page.locator('[data-testid="team-head"] h2').textContent(), { timeout: 20_000 }).toContain(first.properties.name);
  });
});
