// Writing cases: one from the API or many from an import, through the same bulk
// insert (unnest of parameter arrays). A new case is 'reported': its code, H3 cell,
// grid, sub-grid, block and street office come from the point and report time, its
// response deadline from the deadline rules; it is routed on arrival to the grid seat
// its type belongs to and that seat's holder (a point outside every grid waits in its
// street office's queue: no grid, no assignee). A report of the same type close to an
// open case in place and time is linked to it as a duplicate and closed as merged; one
// near a case of its type closed shortly before is a repeat (schema/043).
// The first event of its log records the channel and who entered it. Edits of its
// registration data carry the version they read, re-locate a moved point and are an
// event of the log ('edit': what changed, from what to what).
import type { Principal } from '../auth/principal.ts';
import { asSystem } from '../auth/principal.ts';
import { checkPoint } from '../components/write.ts';
import { explainWriteError, placePoints, type Placed } from '../components/place.ts';
import { referenceError, type FieldProblem } from '../components/references.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { pointCell } from '../spatial/h3cells.ts';
import { allocateCaseCodes, reserveCaseCodes, type ReservedCodes } from './codes.ts';
import { respondDue, ruleFor } from './deadlines.ts';
import { loadIntakeRefs, type IntakeRefs, type IntakeRefsCache } from './intake-refs.ts';
import { editChanges, type CaseUnits } from './edits.ts';
import { checkCaseCodes, componentProblem, loadCaseReferences, missingComponents, type CaseReferences } from './references.ts';
import { streetsOfPoints } from './rules.ts';
import type { CaseCreate, CaseUpdate } from './schema.ts';

export interface NewCase {
  placed: Placed;
  props: CaseCreate;
  /** Report time, epoch ms. */
  reportedMs: number;
}

/** How intake links duplicates (from the configuration). */
export interface IntakeOptions {
  duplicateRadiusM: number;
  duplicateWindowH: number;
}

/** The statements of every case written: planned once per connection (their plans took longer to make than to run). */
const PREPARED = { prepare: true } as const;

/** A report time may lie this far in the future (clock skew between devices). */
const FUTURE_SLACK_MS = 5 * 60_000;

const INSERT_SQL = `
  insert into cases (code, channel, type_code, description, address, reporter_name, reporter_phone, geom, h3,
                     grid_id, subgrid_id, block_id, street_id, component_id, status, reported_at, respond_due,
                     owner_seat, assignee_id, duplicate_of, responded_at, repeat_of)
  select code, channel, type_code, description, address, rname, rphone, st_setsrid(st_makepoint(lon, lat), 4326), h3,
         grid, subgrid, block, street, component, case when dup is null then 'reported' else 'cancelled' end, reported, rdue,
         seat, assignee, dup, case when dup is null then null else now() end,
         case when dup is null then case_repeat_of(type_code, lon, lat, reported) end
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[],
                $10::int8[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int8[], $16::timestamptz[], $17::timestamptz[],
                $18::text[], $19::int[], $20::int8[])
         with ordinality as t(code, channel, type_code, description, address, rname, rphone, lon, lat, h3,
                              grid, subgrid, block, street, component, reported, rdue, seat, assignee, dup, ord)
   order by ord
  returning id, code`;

/**
 * For each new case, as the system (intake_route, schema/041): its grid, sub-grid and
 * block when $7 asks (else those given), its street office, the holder of the seat that
 * owns its type in its grid, and the open case of the same type nearest to it within the
 * radius and window (none when the radius is 0).
 */
const ROUTE_SQL = `
  select grid, subgrid, block, street, person_id, dup, dup_code
    from intake_route($1::float8[], $2::float8[], $3::int8[], $4::int[], $5::int[], $6::int[], $7::boolean,
                      $8::text[], $9::text[], $10::timestamptz[], $11::float8, $12::float8)
   order by ord`;

const EVENTS_SQL = `
  insert into case_events (case_id, at, actor, from_status, to_status, action, note, data)
  select id, at, actor, fr, st, act, note, data
    from unnest($1::int8[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
         as t(id, at, actor, fr, st, act, note, data)`;

/** Report time of a new case: the given one (not in the future), or now. */
export function reportTime(raw: string | undefined, now = Date.now()): number | FieldProblem {
  if (raw === undefined) return now;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) return { field: 'properties.reported_at', reason: 'invalid_time', message: `reported_at ${raw} is not a date-time` };
  if (ms > now + FUTURE_SLACK_MS) return { field: 'properties.reported_at', reason: 'in_the_future', message: `reported_at ${raw} is in the future` };
  return ms;
}

/** What a caller already has for `insertCases`: codes reserved before its transaction, the intake references. */
export interface InsertExtras {
  /** Codes from reserveCaseCodes, one per row in order; without them codes are allocated in the transaction. */
  codes?: ReservedCodes;
  refs?: IntakeRefs;
  /**
   * The rows' grid, sub-grid and block are not known yet: locate them (filling in each
   * row's `placed`) in the routing statement itself (intake_route, as the system).
   */
  locate?: boolean;
}

/** Inserts cases with their first event; returns their ids in input order. */
export async function insertCases(tx: Queryable, principal: Principal, rows: readonly NewCase[], options: IntakeOptions, extras: InsertExtras = {}): Promise<number[]> {
  if (rows.length === 0) return [];
  if (extras.codes && extras.codes.length !== rows.length) throw new Error(`insertCases: ${extras.codes.length} codes for ${rows.length} rows`);
  const col = <T>(f: (r: NewCase) => T) => rows.map(f);
  const refs = extras.refs ?? (await loadIntakeRefs(tx));
  const typeOf = (code: string) => {
    const t = refs.typeInfo.get(code);
    if (!t) throw referenceError([{ field: 'properties.type_code', reason: 'unknown_code', message: `type_code ${code} is not a case type` }]);
    return t;
  };
  const seats = col((r) => typeOf(r.props.type_code).seat_kind);
  const reported = col((r) => new Date(r.reportedMs));
  // Units (when asked), street, owner and duplicate in one statement (a function that reads as the system).
  const routed = (await tx.query<{ grid: number | null; subgrid: number | null; block: number | null; street: number; person_id: number | null; dup: string | null; dup_code: string | null }>(ROUTE_SQL, [
    col((r) => r.placed.lon), col((r) => r.placed.lat), col((r) => r.placed.h3), col((r) => r.placed.grid), col((r) => r.placed.subgrid), col((r) => r.placed.block),
    !!extras.locate, seats, col((r) => r.props.type_code), reported, options.duplicateRadiusM, options.duplicateWindowH,
  ], PREPARED)).rows;
  if (extras.locate) rows.forEach((r, i) => Object.assign(r.placed, { grid: routed[i]!.grid, subgrid: routed[i]!.subgrid, block: routed[i]!.block }));
  const codes = extras.codes ?? (await allocateCaseCodes(tx, col((r) => r.reportedMs)));
  const r = await tx.query<{ id: string; code: string }>(INSERT_SQL, [
    codes, col((r) => r.props.channel), col((r) => r.props.type_code), col((r) => r.props.description), col((r) => r.props.address ?? null),
    col((r) => r.props.reporter_name ?? null), col((r) => r.props.reporter_phone ?? null), col((r) => r.placed.lon), col((r) => r.placed.lat),
    col((r) => r.placed.h3), col((r) => r.placed.grid), col((r) => r.placed.subgrid), col((r) => r.placed.block), routed.map((x) => x.street),
    col((r) => r.props.component_id ?? null), reported,
    col((r) => new Date(respondDue(r.reportedMs, ruleFor(refs.rules, r.props.type_code, typeOf(r.props.type_code).complexity)))),
    seats, routed.map((h) => h.person_id), routed.map((d) => d.dup),
  ], PREPARED);
  const byCode = new Map(r.rows.map((x) => [x.code, Number(x.id)]));
  const ids = codes.map((c) => byCode.get(c)!);
  const events: [number, Date, string, string | null, string, string, string, string | null][] = [];
  const now = new Date();
  rows.forEach((row, i) => {
    events.push([ids[i]!, reported[i]!, `channel:${row.props.channel}`, null, 'reported', 'report', `recorded by ${principal.username}`, null]);
    const { dup, dup_code: dupCode } = routed[i]!;
    if (dup) {
      const data = JSON.stringify({ duplicate_of: Number(dup), duplicate_of_code: dupCode });
      events.push([ids[i]!, now, 'system:intake', 'reported', 'cancelled', 'link_duplicate', `与案件 ${dupCode} 为同一问题，已关联合并`, data]);
    }
  });
  await tx.query(EVENTS_SQL, [0, 1, 2, 3, 4, 5, 6, 7].map((k) => events.map((e) => e[k])), PREPARED);
  const linked = routed.flatMap((d, i) => (d.dup ? [{ original: Number(d.dup), id: ids[i]!, code: codes[i]! }] : []));
  if (linked.length) {
    // The original's log names the reports linked to it (as the system: it may lie in another grid).
    await tx.query('select intake_link_duplicates($1::int8[], $2::int8[], $3::text[], $4)',
      [linked.map((l) => l.original), linked.map((l) => l.id), linked.map((l) => l.code), now], PREPARED);
  }
  return ids;
}

async function codeProblems(tx: Queryable, refs: CaseReferences, p: { channel?: string; type_code?: string; component_id?: number | null }): Promise<FieldProblem[]> {
  const problems = checkCaseCodes(refs, p);
  if (p.component_id != null && (await missingComponents(tx, [p.component_id])).size) problems.push(componentProblem(p.component_id));
  return problems;
}

/** A new case checked as far as it can be without the request's transaction, with its code reserved. */
export interface PreparedCase {
  lon: number;
  lat: number;
  reportedMs: number;
  code: string;
  refs: IntakeRefs;
}

/**
 * Before the case's transaction, on the database (never inside a transaction on the
 * embedded store): the point, the report time and the reference codes are checked
 * (the same refusals as in the transaction), then one code is reserved in a statement
 * that commits at once. A case refused after this (a component it cannot see, a point
 * outside a grid chief's grid) leaves its code unused.
 */
export async function prepareCase(
  db: Queryable,
  geometry: unknown,
  props: CaseCreate,
  options: { maxVertices: number },
  refs: IntakeRefsCache,
): Promise<PreparedCase> {
  const point = checkPoint(geometry, options.maxVertices);
  const r = refs.peek() ?? (await refs.load(db));
  const problems = checkCaseCodes(r, props);
  const reported = reportTime(props.reported_at);
  if (typeof reported !== 'number') problems.push(reported);
  if (problems.length) throw referenceError(problems);
  const [code] = await reserveCaseCodes(db, [reported as number]);
  return { lon: point.coordinates[0]!, lat: point.coordinates[1]!, reportedMs: reported as number, code: code!, refs: r };
}

/** Writes a prepared case in the request's transaction; returns its id. */
export async function createCase(
  tx: Queryable,
  principal: Principal,
  prepared: PreparedCase,
  props: CaseCreate,
  options: IntakeOptions,
): Promise<number> {
  if (props.component_id != null && (await missingComponents(tx, [props.component_id])).size) throw referenceError([componentProblem(props.component_id)]);
  // Located inside insertCases, in its one switch to the system role.
  const placed: Placed = { lon: prepared.lon, lat: prepared.lat, h3: pointCell(prepared.lon, prepared.lat), grid: null, subgrid: null, block: null };
  try {
    const [id] = await insertCases(tx, principal, [{ placed, props, reportedMs: prepared.reportedMs }], options, { codes: [prepared.code], refs: prepared.refs, locate: true });
    return id!;
  } catch (err) {
    throw explainWriteError(err, principal, placed, 'case');
  }
}

const UPDATABLE = ['channel', 'type_code', 'description', 'address', 'reporter_name', 'reporter_phone', 'component_id'] as const;

export async function updateCase(
  tx: Queryable,
  principal: Principal,
  edit: { id: number; version: number; geometry?: unknown; props: CaseUpdate },
  maxVertices: number,
): Promise<void> {
  const point = edit.geometry === undefined ? null : checkPoint(edit.geometry, maxVertices);
  const cur = await tx.query<{ version: number; status: string } & CaseUnits & Record<string, unknown>>(
    `select version, status, st_x(geom) as lon, st_y(geom) as lat, grid_id, subgrid_id, block_id, ${UPDATABLE.join(', ')}
       from cases where id = $1 for update`,
    [edit.id],
  );
  const row = cur.rows[0];
  if (!row) throw notFound(`no case ${edit.id}`);
  if (row.version !== edit.version) {
    throw new AppError(412, 'version_conflict', `case ${edit.id} was changed since you read it (now version ${row.version}, you edited version ${edit.version}); reload it and apply your edit again`, {
      currentVersion: row.version, yourVersion: edit.version,
    });
  }
  const problems = await codeProblems(tx, await loadCaseReferences(tx), edit.props);
  if (problems.length) throw referenceError(problems);
  const cols = UPDATABLE.filter((c) => edit.props[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 2}`);
  const params: unknown[] = [edit.id, ...cols.map((c) => edit.props[c])];
  let placed: Placed | null = null;
  if (point) {
    const at = (await placePoints(tx, principal, [{ lon: point.coordinates[0]!, lat: point.coordinates[1]! }]))[0]!;
    placed = at;
    const [street] = await asSystem(tx, principal, () => streetsOfPoints(tx, [at]));
    const n = params.length;
    sets.push(`geom = st_setsrid(st_makepoint($${n + 1}, $${n + 2}), 4326)`, `h3 = $${n + 3}`, `grid_id = $${n + 4}`, `subgrid_id = $${n + 5}`,
      `block_id = $${n + 6}`, `street_id = $${n + 7}`);
    params.push(at.lon, at.lat, at.h3, at.grid, at.subgrid, at.block, street);
  }
  sets.push('version = version + 1');
  try {
    await tx.query(`update cases set ${sets.join(', ')} where id = $1`, params);
  } catch (err) {
    throw explainWriteError(err, principal, placed, 'case');
  }
  const changes = editChanges(row, Object.fromEntries(cols.map((c) => [c, edit.props[c]])),
    placed && { lon: placed.lon, lat: placed.lat, grid_id: placed.grid, subgrid_id: placed.subgrid, block_id: placed.block });
  if (changes) {
    await tx.query(
      `insert into case_events (case_id, at, actor, from_status, to_status, action, data) values ($1, now(), $2, $3, $3, 'edit', $4)`,
      [edit.id, `user:${principal.username}`, row.status, JSON.stringify(changes)],
    );
  }
}
