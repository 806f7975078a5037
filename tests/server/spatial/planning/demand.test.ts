// Demand surfaces on H3: golden outputs for charging and vending demand, the weights as
// parameters (every term scales with its weight), the hour-of-day profiles, and input
// refused with a reason.
import { describe, expect, it } from 'vitest';
import { chargingDemand, hourFactor, HOURLY_PROFILE, vendingDemand, type CellCount } from '../../../../server/spatial/planning/demand.ts';
import { fixtureIn, golden } from '../../../helpers/golden.ts';

interface Fixture {
  charging: { households: CellCount[]; flyingWire: CellCount[] };
  vending: { cases: CellCount[]; households: CellCount[]; market: CellCount[]; school: CellCount[]; transit_stop: CellCount[] };
}
const fx = fixtureIn<Fixture>('planning/demand.json');
const total = (cells: { weight: number }[]) => cells.reduce((s, c) => s + c.weight, 0);

describe('chargingDemand', () => {
  it('matches the golden surface (households × 0.6 + 5 × flying-wire cases; empty cells left out)', () => {
    const out = chargingDemand(fx.charging);
    expect(out).toEqual(golden('planning/charging.json', out));
    for (const c of out) expect(c.weight).toBeCloseTo(c.households * 0.6 + c.cases * 5, 6);
    expect(out.every((c) => c.weight > 0)).toBe(true);
    expect(out.map((c) => c.h3)).toEqual([...out.map((c) => c.h3)].sort());
  });

  it('takes its weights as parameters', () => {
    const hh = fx.charging.households.reduce((s, c) => s + c.n, 0);
    const wires = fx.charging.flyingWire.reduce((s, c) => s + c.n, 0);
    expect(total(chargingDemand(fx.charging, { ebike_rate: 1, flying_wire: 0 }))).toBeCloseTo(hh, 6);
    expect(total(chargingDemand(fx.charging, { ebike_rate: 0, flying_wire: 10 }))).toBeCloseTo(10 * wires, 6);
  });

  it('refuses bad cells, counts and weights', () => {
    expect(() => chargingDemand({ households: [{ cell: 'nope', n: 1 }], flyingWire: [] })).toThrow(/not an H3 cell/);
    expect(() => chargingDemand({ households: [{ cell: fx.charging.households[0]!.cell, n: -1 }], flyingWire: [] })).toThrow(/count -1/);
    expect(() => chargingDemand(fx.charging, { ebike_rate: -0.5 })).toThrow(/ebike_rate/);
  });
});

describe('vendingDemand', () => {
  it('matches the golden surfaces all day and in the evening', () => {
    const allDay = vendingDemand(fx.vending);
    const evening = vendingDemand(fx.vending, {}, [18, 19, 20]);
    expect({ allDay, evening }).toEqual(golden('planning/vending.json', { allDay, evening }));
  });

  it('weights each proxy by its share of foot traffic in the hours', () => {
    const school = (hours: number[]) => total(vendingDemand({ ...fx.vending, cases: [], households: [], market: [], transit_stop: [] }, {}, hours));
    expect(school([7])).toBeCloseTo(15, 6);
    expect(school([2])).toBe(0);
    expect(school([7, 8])).toBeCloseTo(15 * 0.8, 6);
    expect(hourFactor('market', null)).toBeCloseTo(HOURLY_PROFILE.market.reduce((a, b) => a + b, 0) / 24, 9);
    expect(() => hourFactor('market', [24])).toThrow(/hour 24/);
    // Cases are counted by the caller in the hours; their weight is a parameter.
    const cases = fx.vending.cases.reduce((s, c) => s + c.n, 0);
    expect(total(vendingDemand({ ...fx.vending, households: [], market: [], school: [], transit_stop: [] }, { cases: 3 }))).toBeCloseTo(3 * cases, 6);
  });
});
