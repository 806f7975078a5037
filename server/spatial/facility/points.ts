// From points on the map to an instance, and from an answer back to GeoJSON: demand
// points and candidate sites in [lon, lat] (WGS84), distances in geodesic metres unless
// a matrix (walking distance over the streets) is given.
import type { Feature, FeatureCollection, Point } from 'geojson';
import { geodesicMatrix } from './geodesic.ts';
import type { FacilityInstance, FacilitySolution } from './types.ts';

export interface DemandPoint {
  lon: number;
  lat: number;
  /** Households, cases, foot traffic: anything additive. */
  weight: number;
}

export interface CandidateSite {
  lon: number;
  lat: number;
  /** 'existing' sites are forced open, 'excluded' never chosen; default 'candidate'. */
  status?: 'candidate' | 'existing' | 'excluded';
  /** In demand-weight units (e.g. 20 households × piles); give it for every site or none. */
  capacity?: number;
}

function lonLat(what: string, k: number, p: { lon: number; lat: number }): [number, number] {
  if (!Number.isFinite(p.lon) || p.lon < -180 || p.lon > 180) throw new RangeError(`${what} ${k}: lon must be a number of degrees in [-180, 180], got ${p.lon}`);
  if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) throw new RangeError(`${what} ${k}: lat must be a number of degrees in [-90, 90], got ${p.lat}`);
  return [p.lon, p.lat];
}

/**
 * The instance of demand points and candidate sites. `distance`, when given, is a
 * candidate-major matrix (distance[j * demand.length + i], metres, Infinity where
 * unreachable) used instead of geodesic metres.
 */
export function instanceFromPoints(demand: readonly DemandPoint[], sites: readonly CandidateSite[], distance?: Float64Array): FacilityInstance {
  const d = demand.map((p, i) => lonLat('demand point', i, p));
  const s = sites.map((p, j) => lonLat('site', j, p));
  const withCap = sites.filter((x) => x.capacity !== undefined).length;
  if (withCap !== 0 && withCap !== sites.length) throw new RangeError(`${withCap} of ${sites.length} sites have a capacity: give it for every site or none`);
  const inst: FacilityInstance = {
    weights: Float64Array.from(demand, (p) => p.weight),
    candidates: sites.length,
    distance: distance ?? geodesicMatrix(d, s),
    fixed: sites.flatMap((x, j) => (x.status === 'existing' ? [j] : [])),
    excluded: sites.flatMap((x, j) => (x.status === 'excluded' ? [j] : [])),
  };
  if (withCap) inst.capacity = Float64Array.from(sites, (x) => x.capacity!);
  return inst;
}

export interface SiteProperties {
  /** Index of the site in the candidate list. */
  site: number;
  existing: boolean;
  /** Demand points and their weight assigned to the site. */
  points: number;
  weight: number;
  /** Of that, the weight within the radius (when one is given). */
  covered: number | null;
  /** Weighted mean distance of its demand, metres (or the matrix's unit). */
  meanDistance: number | null;
  capacity: number | null;
  /** weight / capacity. */
  utilisation: number | null;
}

/** The open sites as GeoJSON points with what each serves. */
export function sitesGeoJSON(sol: FacilitySolution, inst: FacilityInstance, sites: readonly CandidateSite[], radius?: number): FeatureCollection<Point, SiteProperties> {
  const n = inst.weights.length;
  const cap = inst.capacity === undefined ? null : typeof inst.capacity === 'number' ? null : inst.capacity;
  const features: Feature<Point, SiteProperties>[] = sol.sites.map((j) => {
    let points = 0, weight = 0, covered = 0, dist = 0;
    for (let i = 0; i < n; i++) {
      if (sol.assignment[i] !== j) continue;
      const w = inst.weights[i]!;
      const d = inst.distance[j * n + i]!;
      points++;
      weight += w;
      dist += w * d;
      if (radius !== undefined && d <= radius) covered += w;
    }
    const capacity = cap ? cap[j]! : typeof inst.capacity === 'number' ? inst.capacity : null;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [sites[j]!.lon, sites[j]!.lat] },
      properties: {
        site: j,
        existing: (inst.fixed ?? []).includes(j),
        points,
        weight,
        covered: radius === undefined ? null : covered,
        meanDistance: weight > 0 ? dist / weight : null,
        capacity,
        utilisation: capacity ? weight / capacity : null,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}
