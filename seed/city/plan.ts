// The whole synthetic city as a plan in metres, before anything touches the
// database: streets, blocks, buildings, the admin hierarchy (street offices >
// communities > grids > sub-grids, all unions of whole blocks) and the places.
import type { Random } from '../random.ts';
import type { Pt } from './frame.ts';
import { faceFrame, planBuildings, type BuildingPlan } from './buildings.ts';
import { DEFAULT_LAYOUT, faceId, generateLayout, type Layout, type LayoutOptions, type RoadClass } from './layout.ts';
import { DISTRICT, STREET_OFFICES, chineseNumber, communityPool, type Name } from './names.ts';
import { apportion, partition } from './partition.ts';
import { planRoads, type RoadNetwork } from './roads.ts';

export const GRIDS_PER_COMMUNITY = 3;
export const SUBGRIDS_PER_GRID = 4;
export const COMMUNITY_COUNT = 21;

export interface PlanUnit {
  code: string;
  name: Name;
  blocks: number[];
}

export interface Hierarchy {
  streets: (PlanUnit & { communities: number[] })[];
  communities: (PlanUnit & { street: number; grids: number[] })[];
  grids: (PlanUnit & { community: number; subgrids: number[] })[];
  subgrids: (PlanUnit & { grid: number })[];
  /** Per block: code, name, community, grid and sub-grid indices. */
  blocks: { code: string; name: Name; community: number; grid: number; subgrid: number }[];
}

export type PlaceKind = 'service_station' | 'workstation' | 'kiosk' | 'public_toilet' | 'park' | 'market' | 'school' | 'hospital' | 'transit_stop';

export interface PlanPlace {
  kind: PlaceKind;
  name: Name;
  point: Pt;
  block: number;
  openHours: string;
}

export interface PlanShed {
  name: string;
  piles: number;
  point: Pt;
}

export interface PlanVendorZone {
  name: string;
  stalls: number;
  hours: string;
  ring: Pt[];
}

export interface CityPlan {
  layout: Layout;
  network: RoadNetwork;
  buildings: BuildingPlan;
  hierarchy: Hierarchy;
  places: PlanPlace[];
  sheds: PlanShed[];
  vendorZones: PlanVendorZone[];
  /** Lattice nodes inside the district (street intersections), warped metres. */
  intersections: Pt[];
}

/** How much a boundary prefers to run along a street of this class (higher: more). */
const ROAD_BOUNDARY: Record<RoadClass, number> = { arterial: 3, secondary: 1.8, branch: 1, lane: 1 };

interface Adjacency {
  neighbours: number[][];
  /** For a pair of adjacent blocks, the cost of joining them: the weakest street between them. */
  crossing: (a: number, b: number) => number;
}

function blockAdjacency(layout: Layout): Adjacency {
  const { nx, ny, faceBlock } = layout;
  const adj = layout.blocks.map(() => new Map<number, number>());
  const link = (b: number, c: number, cls: RoadClass) => {
    const cost = ROAD_BOUNDARY[cls];
    adj[b]!.set(c, Math.min(adj[b]!.get(c) ?? Infinity, cost));
    adj[c]!.set(b, Math.min(adj[c]!.get(b) ?? Infinity, cost));
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const b = faceBlock[faceId(nx, i, j)]!;
      if (b < 0) continue;
      if (i + 1 < nx) {
        const c = faceBlock[faceId(nx, i + 1, j)]!;
        if (c >= 0 && c !== b) link(b, c, layout.xClass[i + 1]!);
      }
      if (j + 1 < ny) {
        const c = faceBlock[faceId(nx, i, j + 1)]!;
        if (c >= 0 && c !== b) link(b, c, layout.yClass[j + 1]!);
      }
    }
  }
  return {
    neighbours: adj.map((m) => [...m.keys()].sort((x, y) => x - y)),
    crossing: (a, b) => adj[a]!.get(b) ?? Infinity,
  };
}

function planHierarchy(rng: Random, layout: Layout): Hierarchy {
  const adj = blockAdjacency(layout);
  const blocks = layout.blocks;
  const weight = (b: number) => blocks[b]!.faces.length;
  const input = (items: number[], minItems: number) => ({
    items,
    weight,
    neighbours: (b: number) => adj.neighbours[b]!,
    crossing: adj.crossing,
    position: (b: number) => blocks[b]!.centre,
    minItems,
  });
  const all = blocks.map((b) => b.index);
  const minCommunity = GRIDS_PER_COMMUNITY * SUBGRIDS_PER_GRID;
  const streetParts = partition(rng.fork('streets'), input(all, minCommunity * 3), STREET_OFFICES.length);
  const perStreet = apportion(COMMUNITY_COUNT, streetParts.map((p) => p.reduce((s, b) => s + weight(b), 0)), 3);
  const names = communityPool(rng.fork('community-names'));

  const h: Hierarchy = { streets: [], communities: [], grids: [], subgrids: [], blocks: [] };
  streetParts.forEach((streetBlocks, s) => {
    const streetCode = `${DISTRICT.code}${String(s + 1).padStart(3, '0')}`;
    const street = { code: streetCode, name: STREET_OFFICES[s]!, blocks: streetBlocks, communities: [] as number[] };
    h.streets.push(street);
    const communityParts = partition(rng.fork(`communities-${s}`), input(streetBlocks, minCommunity), perStreet[s]!);
    communityParts.forEach((communityBlocks, c) => {
      const stem = names.take();
      const communityCode = `${streetCode}${String(c + 1).padStart(3, '0')}`;
      const communityIndex = h.communities.length;
      const community = {
        code: communityCode,
        name: { zh: `${stem.zh}社区`, en: `${stem.en} Community` },
        blocks: communityBlocks,
        street: s,
        grids: [] as number[],
      };
      h.communities.push(community);
      street.communities.push(communityIndex);
      const gridParts = partition(rng.fork(`grids-${communityCode}`), input(communityBlocks, SUBGRIDS_PER_GRID), GRIDS_PER_COMMUNITY);
      gridParts.forEach((gridBlocks, g) => {
        const gridCode = `${communityCode}${String(g + 1).padStart(3, '0')}`;
        const gridIndex = h.grids.length;
        const grid = {
          code: gridCode,
          name: { zh: `${community.name.zh}第${chineseNumber(g + 1)}网格`, en: `${community.name.en} Grid ${g + 1}` },
          blocks: gridBlocks,
          community: communityIndex,
          subgrids: [] as number[],
        };
        h.grids.push(grid);
        community.grids.push(gridIndex);
        const subParts = partition(rng.fork(`subgrids-${gridCode}`), input(gridBlocks, 1), SUBGRIDS_PER_GRID);
        subParts.forEach((subBlocks, k) => {
          const subIndex = h.subgrids.length;
          h.subgrids.push({
            code: `${gridCode}${String(k + 1).padStart(2, '0')}`,
            name: { zh: `${grid.name.zh}${chineseNumber(k + 1)}号子网格`, en: `${grid.name.en} Sub-grid ${k + 1}` },
            blocks: subBlocks,
            grid: gridIndex,
          });
          grid.subgrids.push(subIndex);
        });
      });
    });
  });

  h.blocks = blocks.map(() => ({ code: '', name: { zh: '', en: '' }, community: -1, grid: -1, subgrid: -1 }));
  h.subgrids.forEach((sg, si) => {
    for (const b of sg.blocks) {
      const grid = h.grids[sg.grid]!;
      h.blocks[b]!.subgrid = si;
      h.blocks[b]!.grid = sg.grid;
      h.blocks[b]!.community = grid.community;
    }
  });
  h.communities.forEach((c) => {
    const sorted = [...c.blocks].sort((a, b) => a - b);
    sorted.forEach((b, k) => {
      h.blocks[b]!.code = `${c.code}${String(k + 1).padStart(4, '0')}`;
      h.blocks[b]!.name = { zh: `${c.name.zh}${k + 1}号街区`, en: `${c.name.en} Block ${k + 1}` };
    });
  });
  return h;
}

export function planCity(rng: Random, options: LayoutOptions = DEFAULT_LAYOUT): CityPlan {
  const layout = generateLayout(rng.fork('layout'), options);
  const network = planRoads(rng.fork('roads'), layout);
  const buildings = planBuildings(rng.fork('buildings'), layout);
  const hierarchy = planHierarchy(rng.fork('hierarchy'), layout);
  const { places, sheds, vendorZones, intersections } = planPlaces(rng.fork('places'), layout, network, buildings, hierarchy);
  return { layout, network, buildings, hierarchy, places, sheds, vendorZones, intersections };
}

const HOSPITALS: Name[] = [
  { zh: '娄底市中心医院', en: 'Loudi Central Hospital' },
  { zh: '娄星区人民医院', en: 'Louxing District People\'s Hospital' },
  { zh: '娄底市妇幼保健院', en: 'Loudi Maternal and Child Health Hospital' },
  { zh: '娄底市中医医院', en: 'Loudi Hospital of Traditional Chinese Medicine' },
];

function planPlaces(rng: Random, layout: Layout, network: RoadNetwork, buildings: BuildingPlan, h: Hierarchy) {
  const places: PlanPlace[] = [];
  const { nx, ny, blocks } = layout;
  const streetNameOf = (face: number): Name => network.yNames[Math.floor(face / nx)]!; // the south street
  const firstFace = (b: number) => blocks[b]!.faces[0]!;
  const at = (face: number, u: number, v: number) => faceFrame(layout, face).map(u, v);
  const communityOfBlock = (b: number) => h.communities[h.blocks[b]!.community]!;
  const stemOf = (b: number) => communityOfBlock(b).name.zh.replace(/社区$/, '');
  const stemEnOf = (b: number) => communityOfBlock(b).name.en.replace(/ Community$/, '');
  const counters = new Map<string, number>();
  const numbered = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };

  let hospitals = 0;
  for (const b of blocks) {
    const face = firstFace(b.index);
    const centre = at(face, 0.5, 0.5);
    const stem = stemOf(b.index);
    const stemEn = stemEnOf(b.index);
    switch (b.landuse) {
      case 'market': {
        const n = numbered(`market-${stem}`);
        places.push({ kind: 'market', block: b.index, point: centre, openHours: '06:00-20:00',
          name: { zh: `${stem}${n > 1 ? chineseNumber(n) : ''}农贸市场`, en: `${stemEn} Farmers' Market${n > 1 ? ` ${n}` : ''}` } });
        places.push({ kind: 'public_toilet', block: b.index, point: at(face, 0.85, 0.2), openHours: '05:30-23:00',
          name: { zh: `${stem}农贸市场公厕`, en: `${stemEn} Market Public Toilet` } });
        break;
      }
      case 'education': {
        const kind = rng.pick([['小学', 'Primary School'], ['中学', 'Middle School'], ['幼儿园', 'Kindergarten'], ['小学', 'Primary School']] as const);
        const n = numbered(`school-${stem}-${kind[0]}`);
        places.push({ kind: 'school', block: b.index, point: at(face, 0.3, 0.8), openHours: '07:30-17:30',
          name: { zh: `${stem}${n > 1 ? chineseNumber(n) : ''}${kind[0]}`, en: `${stemEn} ${kind[1]}${n > 1 ? ` No. ${n}` : ''}` } });
        break;
      }
      case 'health': {
        const name = hospitals < HOSPITALS.length ? HOSPITALS[hospitals]! : { zh: `${stem}社区卫生服务中心`, en: `${stemEn} Community Health Centre` };
        hospitals++;
        places.push({ kind: 'hospital', block: b.index, point: centre, openHours: '00:00-24:00', name });
        break;
      }
      case 'park': {
        const n = numbered(b.river ? 'river-park' : `park-${stem}`);
        const name = b.river
          ? { zh: `孙水河风光带${chineseNumber(n)}段`, en: `Sunshui Riverside Park, Section ${n}` }
          : { zh: `${stem}公园`, en: `${stemEn} Park` };
        places.push({ kind: 'park', block: b.index, point: centre, openHours: '05:30-22:30', name });
        if (!b.river || n % 3 === 1) {
          places.push({ kind: 'public_toilet', block: b.index, point: at(face, 0.15, 0.15), openHours: '05:30-23:00',
            name: { zh: `${name.zh}公厕`, en: `${name.en} Public Toilet` } });
        }
        break;
      }
      default:
        break;
    }
  }

  // Street intersections inside the district; bus stops at the main ones.
  const intersections: Pt[] = [];
  for (let j = 1; j < ny; j++) {
    for (let i = 1; i < nx; i++) {
      const around = [faceId(nx, i - 1, j - 1), faceId(nx, i, j - 1), faceId(nx, i - 1, j), faceId(nx, i, j)];
      if (around.every((f) => layout.faceInDistrict[f] === 1)) intersections.push(layout.node(i, j));
      const xc = layout.xClass[i]!;
      const yc = layout.yClass[j]!;
      const major = (c: string) => c === 'arterial' || c === 'secondary';
      if (!(major(xc) || major(yc)) || !around.every((f) => layout.faceInDistrict[f] === 1)) continue;
      if (!(major(xc) && major(yc)) && rng.chance(0.55)) continue;
      const face = faceId(nx, i, j);
      const b = layout.faceBlock[face]!;
      const a = network.xNames[i]!;
      const c = network.yNames[j]!;
      const main = major(xc) ? [a, c] : [c, a];
      places.push({ kind: 'transit_stop', block: b, point: faceFrame(layout, face).map(0.12, 0.06), openHours: '06:00-22:00',
        name: { zh: `${main[0]!.zh}${main[1]!.zh}口`, en: `${main[0]!.en} / ${main[1]!.en}` } });
    }
  }

  // Toilets, stations and kiosks along the streets.
  const districtFaces: number[] = [];
  for (let f = 0; f < nx * ny; f++) if (layout.faceInDistrict[f] === 1 && layout.faceRiver[f] === 0) districtFaces.push(f);
  const sample = (count: number, filter: (f: number) => boolean) => rng.shuffle(districtFaces.filter(filter)).slice(0, count);
  const onArterial = (f: number) => layout.yClass[Math.floor(f / nx)] === 'arterial' || layout.xClass[f % nx] === 'arterial';
  for (const f of sample(72, () => true)) {
    const road = streetNameOf(f);
    const n = numbered(`toilet-${road.zh}`);
    places.push({ kind: 'public_toilet', block: layout.faceBlock[f]!, point: at(f, rng.uniform(0.2, 0.8), 0.05), openHours: '05:30-23:00',
      name: { zh: `${road.zh}${n > 1 ? chineseNumber(n) + '号' : ''}公厕`, en: `${road.en} Public Toilet${n > 1 ? ` ${n}` : ''}` } });
  }
  for (const f of sample(22, onArterial)) {
    const road = streetNameOf(f);
    places.push({ kind: 'service_station', block: layout.faceBlock[f]!, point: at(f, rng.uniform(0.3, 0.7), 0.07), openHours: '08:00-20:00',
      name: { zh: `${road.zh}城管驿站`, en: `${road.en} Urban Management Station` } });
  }
  for (const f of sample(30, (g) => ['commercial', 'mixed'].includes(blocks[layout.faceBlock[g]!]!.landuse))) {
    const road = streetNameOf(f);
    places.push({ kind: 'kiosk', block: layout.faceBlock[f]!, point: at(f, rng.uniform(0.2, 0.8), 0.04), openHours: '07:00-21:00',
      name: { zh: `${road.zh}便民服务亭`, en: `${road.en} Service Kiosk` } });
  }
  // One urban-management workstation per community, in a block near its middle.
  for (const c of h.communities) {
    const cx = c.blocks.reduce((s, b) => s + blocks[b]!.centre.x, 0) / c.blocks.length;
    const cy = c.blocks.reduce((s, b) => s + blocks[b]!.centre.y, 0) / c.blocks.length;
    let best = c.blocks[0]!;
    for (const b of c.blocks) {
      if (Math.hypot(blocks[b]!.centre.x - cx, blocks[b]!.centre.y - cy) < Math.hypot(blocks[best]!.centre.x - cx, blocks[best]!.centre.y - cy)) best = b;
    }
    places.push({ kind: 'workstation', block: best, point: at(firstFace(best), 0.2, 0.1), openHours: '08:30-17:30',
      name: { zh: `${c.name.zh}城管工作站`, en: `${c.name.en} Urban Management Workstation` } });
  }

  // Charging sheds in some residential estates, one pile per 20 households around.
  const sheds: PlanShed[] = [];
  const residential = blocks.filter((b) => b.landuse === 'residential' && buildings.householdsByBlock[b.index]! > 300);
  for (const b of rng.shuffle([...residential]).slice(0, 34)) {
    const piles = Math.max(4, Math.min(24, Math.round((buildings.householdsByBlock[b.index]! * 0.3) / 20)));
    sheds.push({ name: `${h.blocks[b.index]!.name.zh}集中充电棚`, piles, point: at(firstFace(b.index), rng.uniform(0.05, 0.12), rng.uniform(0.3, 0.7)) });
  }
  // Vendor zones on the street edge of market blocks and some transit hubs.
  const vendorZones: PlanVendorZone[] = [];
  for (const b of blocks.filter((x) => x.landuse === 'market').slice(0, 10)) {
    const face = firstFace(b.index);
    const fr = faceFrame(layout, face);
    const u0 = 0.1;
    const u1 = Math.min(0.9, u0 + 60 / fr.width);
    const v0 = (fr.setback.s + 1) / fr.height;
    const v1 = v0 + 10 / fr.height;
    const ring = [fr.map(u0, v0), fr.map(u1, v0), fr.map(u1, v1), fr.map(u0, v1)];
    const market = places.find((p) => p.kind === 'market' && p.block === b.index)!;
    vendorZones.push({ name: `${market.name.zh}疏导区`, stalls: rng.int(16, 40), hours: rng.pick(['06:00-09:00,17:00-22:00', '17:00-22:30', '18:00-23:00']), ring: [...ring, ring[0]!] });
  }
  return { places, sheds, vendorZones, intersections };
}
