// Tile filters from the query string, checked against the params the requested sources
// declare in the manifest: unknown names, malformed values and values outside the
// declared set are refused with 400 and the reason. The values are bound to the layer
// queries ($4, $5, ...), never written into SQL, and normalised (lists sorted and
// deduplicated) so the same filter is one cache key however it was spelled.
import { AppError } from '../errors.ts';
import type { ParamSpec, TileSource } from './manifest.ts';

export type QueryValue = string | string[] | undefined;
type Value = string | number | string[];

export interface TileParams {
  /** Normalised values by param name, or source.name when qualified (absent params are not listed). */
  values: ReadonlyMap<string, Value>;
  /** A canonical spelling of the values, for cache keys and the tiles URL. */
  key: string;
}

interface Problem {
  in: 'query';
  path: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^-?\d{1,15}$/;

function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The problem with one value of a param, or null. */
function problemWith(p: ParamSpec, v: string): string | null {
  if (v === '') return `${p.name} is empty`;
  if (p.type === 'integer') {
    if (!INTEGER.test(v)) return `${p.name} must be an integer, got "${v}"`;
    const n = Number(v);
    if (p.minimum !== undefined && n < p.minimum) return `${p.name} must be at least ${p.minimum}, got ${n}`;
    if (p.maximum !== undefined && n > p.maximum) return `${p.name} must be at most ${p.maximum}, got ${n}`;
    return null;
  }
  if (p.type === 'date') return isCalendarDate(v) ? null : `${p.name} must be a date as YYYY-MM-DD, got "${v}"`;
  if (p.values && !p.values.includes(v)) return `${p.name} must be one of ${p.values.join(', ')}, got "${v}"`;
  if (p.pattern && !new RegExp(p.pattern).test(v)) return `${p.name} "${v}" is not in the expected form: ${p.description}`;
  return null;
}

function parseOne(p: ParamSpec, raw: string | string[], problems: Problem[]): Value | undefined {
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((r) => (p.list ? r.split(',') : [r])).map((s) => s.trim());
  if (!p.list && parts.length > 1) {
    problems.push({ in: 'query', path: `/${p.name}`, message: `${p.name} takes one value, got ${parts.length}` });
    return undefined;
  }
  let ok = true;
  for (const v of parts) {
    const problem = problemWith(p, v);
    if (problem) {
      problems.push({ in: 'query', path: `/${p.name}`, message: problem });
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (p.list) return [...new Set(parts)].sort();
  return p.type === 'integer' ? Number(parts[0]) : parts[0]!;
}

const unknownProblem = (name: string, sources: readonly TileSource[]): Problem => {
  const names = [...new Set(sources.flatMap((s) => s.params.map((p) => p.name)))];
  return {
    in: 'query',
    path: `/${name}`,
    message: `unknown query parameter "${name}" for ${sources.map((s) => s.name).join(', ')}: ${names.length ? `the filters are ${names.join(', ')}` : 'they take no filters'}`,
  };
};

function effective(values: ReadonlyMap<string, Value>, source: TileSource, name: string): Value | undefined {
  return values.get(`${source.name}.${name}`) ?? values.get(name);
}

/**
 * Checks and normalises the query of a tile request for `sources`. A plain name
 * (status) filters every requested source that declares it and must suit each of them;
 * a qualified one (cases.status) filters that source alone and takes precedence.
 */
export function parseTileParams(sources: readonly TileSource[], query: Record<string, QueryValue>): TileParams {
  const problems: Problem[] = [];
  const values = new Map<string, Value>();
  const entries = Object.entries(query).filter((e): e is [string, string | string[]] => e[1] !== undefined);
  for (const [name, raw] of entries.filter(([n]) => n.includes('.'))) {
    const [sourceName, paramName] = name.split('.', 2) as [string, string];
    const spec = sources.find((s) => s.name === sourceName)?.params.find((p) => p.name === paramName);
    if (!spec) {
      problems.push(unknownProblem(name, sources));
      continue;
    }
    const v = parseOne(spec, raw, problems);
    if (v !== undefined) values.set(name, v);
  }
  for (const [name, raw] of entries.filter(([n]) => !n.includes('.'))) {
    const declaring = sources.filter((s) => s.params.some((p) => p.name === name));
    if (!declaring.length) {
      problems.push(unknownProblem(name, sources));
      continue;
    }
    let value: Value | undefined;
    const before = problems.length;
    for (const s of declaring.filter((d) => query[`${d.name}.${name}`] === undefined)) {
      value = parseOne(s.params.find((p) => p.name === name)!, raw, problems);
    }
    if (problems.length === before && value !== undefined) values.set(name, value);
  }
  for (const s of sources) {
    for (const p of s.params) {
      if (!p.notBefore) continue;
      const first = effective(values, s, p.notBefore);
      const v = effective(values, s, p.name);
      if (typeof first === 'string' && typeof v === 'string' && v < first) {
        problems.push({ in: 'query', path: `/${p.name}`, message: `${p.name} (${v}) lies before ${p.notBefore} (${first})` });
      }
    }
  }
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new AppError(400, 'invalid_query', `${problems[0]!.message}${more}`, { problems });
  }
  const key = [...values.keys()].sort().map((k) => {
    const v = values.get(k)!;
    return `${encodeURIComponent(k)}=${(Array.isArray(v) ? v : [v]).map((x) => encodeURIComponent(String(x))).join(',')}`;
  }).join('&');
  return { values, key };
}

/** The bound values of a source's params in manifest order ($4, $5, ...); null where absent. */
export function bindParams(source: TileSource, params: TileParams): unknown[] {
  return source.params.map((p) => effective(params.values, source, p.name) ?? null);
}
