// The facility-location problems and their answers, shared by the heuristics, the MIP
// and the CLI. Demand points and candidate sites are numbered from 0; a distance
// matrix is candidate-major: the distance from demand point i to candidate j is
// distance[j * demand + i] (the interchange scans one candidate over every demand
// point, so that run is contiguous).

export type FacilityProblem = 'pmedian' | 'mclp' | 'lscp';

export interface FacilityInstance {
  /** Weight of each demand point (households, cases, 1 for OR-Library vertices). */
  weights: Float64Array;
  /** Number of candidate sites. */
  candidates: number;
  /** Candidate-major distances: distance[j * weights.length + i], demand i to candidate j. */
  distance: Float64Array;
  /** Candidates forced open (existing facilities). */
  fixed?: readonly number[];
  /** Candidates never chosen (exclusion zones). */
  excluded?: readonly number[];
  /**
   * Capacity of each candidate in demand-weight units (e.g. 20 households per pile
   * times piles), or one figure for all; absent: uncapacitated. With capacities every
   * demand point is served whole by one site (single source).
   */
  capacity?: number | Float64Array;
}

export interface FacilityOptions {
  problem: FacilityProblem;
  /** Sites to open (p-median, MCLP), fixed ones included. */
  p?: number;
  /** Covering radius in the distance's unit (MCLP, LSCP). */
  radius?: number;
  /** 'heuristic' (default), 'exact' (HiGHS MIP, falling back to the heuristic on time-out). */
  method?: 'heuristic' | 'exact';
  /** Wall-clock budget in seconds (heuristic search, and the MIP when exact); default 10. */
  timeLimit?: number;
  /** Seed of the heuristic's random moves (the same seed and budget give the same answer). */
  seed?: number;
  /** Heuristic: stop after this many shakes without improvement (default 30 × p, at least 200). */
  maxNoImprove?: number;
  /**
   * Heuristic p-median and MCLP: called with each better objective found (p-median:
   * distance; MCLP: covered demand) and the seconds since the start, for progress reports.
   */
  onProgress?: (progress: { objective: number; seconds: number }) => void;
  /**
   * Heuristic: polled between neighbourhood-search steps; true stops the search and
   * answers with the best found so far (in a worker, read a SharedArrayBuffer flag).
   */
  shouldStop?: () => boolean;
}

export interface FacilitySolution {
  problem: FacilityProblem;
  /** Chosen candidate indices, ascending (fixed ones included). */
  sites: number[];
  /**
   * Site serving each demand point: the nearest open site, or under capacities the one
   * it is assigned to; -1 only where capacity leaves a point unserved (capacitated MCLP).
   */
  assignment: Int32Array;
  /**
   * p-median: demand-weighted distance; MCLP: demand weight covered (within the radius
   * of its site); LSCP: number of sites.
   */
  objective: number;
  /** Best proven bound on the objective (lower for p-median and LSCP, upper for MCLP), when known. */
  bound?: number;
  /** Relative gap |objective − bound| / |objective| (0: proven optimal), null when no bound is known. */
  gap: number | null;
  seconds: number;
  /** How the answer was found, e.g. "greedy+interchange+vns", "highs", "highs time-out: greedy+interchange+vns". */
  method: string;
  /** Demand weight within the radius of its site (MCLP, LSCP), and the total. */
  covered?: number;
  totalDemand: number;
  /** LSCP: demand points no candidate reaches within the radius (left out of the cover). */
  uncoverable?: number[];
}

/** The instance admits no answer (capacities too small, p below the fixed sites...). */
export class FacilityInfeasibleError extends Error {
  override name = 'FacilityInfeasibleError';
}
