// Machine detections: a device (fixed AI camera, bus or taxi dash camera) sends what
// its detector saw; detections of the same type near the same place within a window
// merge into one candidate (count, highest confidence, first and last seen). Open
// candidates whose highest confidence reaches the threshold wait in the verification
// queue; an operator confirms one (a case is registered through the ordinary case
// write path, on the camera channel, with the detections attached) or rejects it with
// a reason (kept: the detector's precision is confirmed / (confirmed + rejected)).
import { Type, type Static } from '@sinclair/typebox';
import { asSystem, type Principal } from '../auth/principal.ts';
import { insertCases, type IntakeOptions } from '../cases/write.ts';
import { isoSql } from '../components/collection.ts';
import { placePoints } from '../components/place.ts';
import { referenceError, type FieldProblem } from '../components/references.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';

/** The case channel of each source kind (the channel codes of the reference table and the seed). */
export const CHANNEL_OF_SOURCE = { camera: 'ai_camera', vehicle: 'vehicle_camera' } as const;
export type SourceKind = keyof typeof CHANNEL_OF_SOURCE;

const strict = { additionalProperties: false } as const;

export const DetectionBody = Type.Object({
  source_id: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'the camera or vehicle id' }),
  source_kind: Type.Union([Type.Literal('camera'), Type.Literal('vehicle')], { description: 'camera: a fixed AI camera; vehicle: a bus or taxi dash camera' }),
  external_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the device\'s id of this detection: the same source and external id land once' })),
  detector: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'detector (model) name' }),
  detector_version: Type.String({ minLength: 1, maxLength: 50 }),
  type_code: Type.String({ pattern: '^[0-9]{8}$', description: 'leaf case type (8 digits)' }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  image_url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://', description: 'the frame the detector saw' })),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  detected_at: Type.String({ format: 'date-time' }),
}, strict);
export type DetectionInput = Static<typeof DetectionBody>;

export interface DetectionOptions {
  mergeRadiusM: number;
  mergeWindowMin: number;
  queueConfidence: number;
}

export const detectionOptions = (c: { detectionMergeRadiusM: number; detectionMergeWindowMin: number; detectionQueueConfidence: number }): DetectionOptions => ({
  mergeRadiusM: c.detectionMergeRadiusM, mergeWindowMin: c.detectionMergeWindowMin, queueConfidence: c.detectionQueueConfidence,
});

/** A detection may be stamped this far in the future (device clocks drift). */
const FUTURE_SLACK_MS = 5 * 60_000;
/** ... and no older than this (a device that was offline for a week sends nothing useful). */
const MAX_AGE_MS = 7 * 86_400_000;

const CANDIDATE_COLUMNS = `c.id::int as id, c.type_code, t.name_zh as type_name, c.source_kind, st_x(c.geom) as lon, st_y(c.geom) as lat, c.grid_id,
  ${isoSql('c.first_seen')} as first_seen, ${isoSql('c.last_seen')} as last_seen, c.detections, c.max_confidence::float8 as max_confidence,
  c.status, ${isoSql('c.decided_at')} as decided_at, c.decided_by, c.reason, c.case_id::int as case_id,
  (select k.code from cases k where k.id = c.case_id) as case_code`;

export interface Candidate {
  id: number;
  type_code: string;
  type_name: string;
  source_kind: SourceKind;
  lon: number;
  lat: number;
  grid_id: number | null;
  first_seen: string;
  last_seen: string;
  detections: number;
  max_confidence: number;
  status: 'open' | 'confirmed' | 'rejected';
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  case_id: number | null;
  case_code: string | null;
  queued: boolean;
}

const withQueued = (c: Omit<Candidate, 'queued'>, o: DetectionOptions): Candidate => ({ ...c, queued: c.status === 'open' && c.max_confidence >= o.queueConfidence });

async function readCandidate(tx: Queryable, id: number, o: DetectionOptions, lock = false): Promise<Candidate | null> {
  const r = await tx.query<Omit<Candidate, 'queued'>>(
    `select ${CANDIDATE_COLUMNS} from detection_candidates c join case_types t on t.code = c.type_code where c.id = $1${lock ? ' for update of c' : ''}`, [id]);
  return r.rows[0] ? withQueued(r.rows[0], o) : null;
}

/** Problems a schema cannot see: an unknown or non-leaf type, a time in the future or too old. */
async function problemsOf(tx: Queryable, d: DetectionInput, now: number): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const t = await tx.query<{ level: number }>('select level from case_types where code = $1', [d.type_code]);
  if (!t.rows[0]) problems.push({ field: 'type_code', reason: 'unknown_code', message: `type_code ${d.type_code} is not a case type` });
  else if (t.rows[0].level !== 4) problems.push({ field: 'type_code', reason: 'not_a_leaf', message: `type_code ${d.type_code} is a category; send a leaf type (level 4)` });
  const at = Date.parse(d.detected_at);
  if (at > now + FUTURE_SLACK_MS) problems.push({ field: 'detected_at', reason: 'in_the_future', message: `detected_at ${d.detected_at} is in the future` });
  else if (at < now - MAX_AGE_MS) problems.push({ field: 'detected_at', reason: 'too_old', message: `detected_at ${d.detected_at} is more than 7 days old` });
  return problems;
}

export interface Ingested {
  detection_id: number;
  /** True when the same source and external id had been received before (nothing written). */
  replay: boolean;
  /** True when the detection joined an existing candidate. */
  merged: boolean;
  candidate: Candidate;
}

/**
 * Receives one detection in the caller's transaction: checks it, lands a re-sent one
 * once, and merges it into the nearest candidate of its type within the radius and
 * window (or makes a new one). The detection row is written as the caller (row-level
 * security); the candidate lookup and update as the system, under a lock per type so
 * that two detections of one problem arriving together make one candidate.
 */
export async function ingestDetection(tx: Queryable, principal: Principal, d: DetectionInput, o: DetectionOptions, now = Date.now()): Promise<Ingested> {
  const problems = await problemsOf(tx, d, now);
  if (problems.length) throw referenceError(problems);
  // Placed before the system section: placePoints switches to the system and back to the caller itself.
  const [placed] = await placePoints(tx, principal, [{ lon: d.lon, lat: d.lat }]);
  return asSystem(tx, principal, async () => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('gridcity.detections'), hashtext($1))`, [d.type_code]);
    if (d.external_id !== undefined) {
      const seen = await tx.query<{ id: string; candidate_id: string }>(
        'select id, candidate_id from detections where source_id = $1 and external_id = $2', [d.source_id, d.external_id]);
      if (seen.rows[0]) {
        return { detection_id: Number(seen.rows[0].id), replay: true, merged: false, candidate: (await readCandidate(tx, Number(seen.rows[0].candidate_id), o))! };
      }
    }
    const at = new Date(d.detected_at);
    const near = o.mergeRadiusM > 0
      ? await tx.query<{ id: string }>(
        `select c.id from detection_candidates c
          where c.type_code = $1 and c.status <> 'rejected'
            and $4::timestamptz between c.first_seen - $6 * interval '1 minute' and c.last_seen + $6 * interval '1 minute'
            and st_dwithin(c.geom::geography, st_setsrid(st_makepoint($2, $3), 4326)::geography, $5)
          order by c.geom <-> st_setsrid(st_makepoint($2, $3), 4326), c.id limit 1`,
        [d.type_code, d.lon, d.lat, at, o.mergeRadiusM, o.mergeWindowMin])
      : { rows: [] };
    let candidateId: number;
    const merged = near.rows.length > 0;
    if (merged) {
      candidateId = Number(near.rows[0]!.id);
      await tx.query(
        `update detection_candidates set detections = detections + 1, first_seen = least(first_seen, $2), last_seen = greatest(last_seen, $2),
                max_confidence = greatest(max_confidence, $3) where id = $1`, [candidateId, at, d.confidence]);
    } else {
      const r = await tx.query<{ id: string }>(
        `insert into detection_candidates (type_code, source_kind, geom, grid_id, first_seen, last_seen, max_confidence)
         values ($1, $2, st_setsrid(st_makepoint($3, $4), 4326), $5, $6, $6, $7) returning id`,
        [d.type_code, d.source_kind, d.lon, d.lat, placed!.grid, at, d.confidence]);
      candidateId = Number(r.rows[0]!.id);
    }
    // Back to the caller's role for the detection itself: its policy decides who may send one.
    await tx.query(`select set_config('app.role', $1, true)`, [principal.role]);
    const ins = await tx.query<{ id: string }>(
      `insert into detections (candidate_id, source_id, source_kind, external_id, detector, detector_version, type_code, confidence, image_url, geom, detected_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, st_setsrid(st_makepoint($10, $11), 4326), $12) returning id`,
      [candidateId, d.source_id, d.source_kind, d.external_id ?? null, d.detector, d.detector_version, d.type_code, d.confidence,
        d.image_url ?? null, d.lon, d.lat, at]);
    await tx.query(`select set_config('app.role', 'system', true)`);
    return { detection_id: Number(ins.rows[0]!.id), replay: false, merged, candidate: (await readCandidate(tx, candidateId, o))! };
  });
}

export interface DetectionRow {
  id: number;
  source_id: string;
  source_kind: SourceKind;
  external_id: string | null;
  detector: string;
  detector_version: string;
  confidence: number;
  image_url: string | null;
  lon: number;
  lat: number;
  detected_at: string;
}

export async function detectionsOf(tx: Queryable, candidateIds: readonly number[], limit = 20): Promise<Map<number, DetectionRow[]>> {
  const r = await tx.query<DetectionRow & { candidate_id: number }>(
    `select candidate_id::int as candidate_id, id::int as id, source_id, source_kind, external_id, detector, detector_version, confidence::float8 as confidence,
            image_url, st_x(geom) as lon, st_y(geom) as lat, ${isoSql('detected_at')} as detected_at
       from (select d.*, row_number() over (partition by d.candidate_id order by d.confidence desc, d.detected_at, d.id) as k
               from detections d where d.candidate_id = any ($1::int8[])) d
      where k <= $2 order by candidate_id, confidence desc, detected_at, id`, [candidateIds, limit]);
  const out = new Map<number, DetectionRow[]>();
  for (const { candidate_id: c, ...row } of r.rows) {
    if (!out.has(c)) out.set(c, []);
    out.get(c)!.push(row);
  }
  return out;
}

export interface QueueQuery {
  type?: string;
  grid?: number;
  limit?: number;
  offset?: number;
}

/** The verification queue: open candidates at or above the threshold, most confident first, each with its best detections. */
export async function readQueue(tx: Queryable, q: QueueQuery, o: DetectionOptions): Promise<{ threshold: number; total: number; candidates: (Candidate & { detection_list: DetectionRow[] })[] }> {
  const where = `c.status = 'open' and c.max_confidence >= $1 and ($2::text is null or c.type_code = $2) and ($3::int is null or c.grid_id = $3)`;
  const params = [o.queueConfidence, q.type ?? null, q.grid ?? null];
  const total = (await tx.query<{ n: number }>(`select count(*)::int as n from detection_candidates c where ${where}`, params)).rows[0]!.n;
  const r = await tx.query<Omit<Candidate, 'queued'>>(
    `select ${CANDIDATE_COLUMNS} from detection_candidates c join case_types t on t.code = c.type_code
      where ${where} order by c.max_confidence desc, c.last_seen desc, c.id limit $4 offset $5`,
    [...params, q.limit ?? 50, q.offset ?? 0]);
  const dets = await detectionsOf(tx, r.rows.map((c) => c.id));
  return { threshold: o.queueConfidence, total, candidates: r.rows.map((c) => ({ ...withQueued(c, o), detection_list: dets.get(c.id) ?? [] })) };
}

export async function getCandidate(tx: Queryable, id: number, o: DetectionOptions): Promise<Candidate & { detection_list: DetectionRow[] }> {
  const c = await readCandidate(tx, id, o);
  if (!c) throw notFound(`no detection candidate ${id}`);
  return { ...c, detection_list: (await detectionsOf(tx, [id], 1000)).get(id) ?? [] };
}

function decided(c: Candidate): AppError {
  return new AppError(409, 'already_decided', `candidate ${c.id} was ${c.status} by ${c.decided_by} at ${c.decided_at}${c.case_code ? ` (case ${c.case_code})` : ''}`, {
    status: c.status, decided_by: c.decided_by, decided_at: c.decided_at, case_id: c.case_id, case_code: c.case_code,
  });
}

/**
 * Confirms a candidate: registers a case through the ordinary case write path (point,
 * grid, routing, deadlines, duplicate linking) on the camera channel of its source,
 * attaches the detections (an `attach_detections` event with the best frame as its
 * photo and the detection ids in its data) and marks the candidate confirmed.
 */
export async function confirmCandidate(
  tx: Queryable, principal: Principal, id: number, body: { description?: string; note?: string }, o: DetectionOptions, intake: IntakeOptions,
): Promise<{ candidate: Candidate; case_id: number; case_code: string }> {
  const c = await readCandidate(tx, id, o, true);
  if (!c) throw notFound(`no detection candidate ${id}`);
  if (c.status !== 'open') throw decided(c);
  const dets = (await detectionsOf(tx, [id], 1000)).get(id) ?? [];
  const best = dets.find((x) => x.image_url !== null) ?? null;
  const [placed] = await placePoints(tx, principal, [{ lon: c.lon, lat: c.lat }]);
  const description = body.description ?? `${c.type_name}（智能识别：${[...new Set(dets.map((x) => x.detector))].join('、')}，`
    + `${c.detections} 次检测，最高置信度 ${c.max_confidence.toFixed(2)}）`;
  const [caseId] = await insertCases(tx, principal, [{
    placed: placed!, props: { channel: CHANNEL_OF_SOURCE[c.source_kind], type_code: c.type_code, description }, reportedMs: Date.now(),
  }], intake);
  const k = (await tx.query<{ code: string; status: string }>('select code, status from cases where id = $1', [caseId])).rows[0]!;
  await tx.query(
    `insert into case_events (case_id, at, actor, from_status, to_status, action, note, photo_url, data)
     values ($1, now(), $2, $3, $3, 'attach_detections', $4, $5, $6)`,
    [caseId, principal.username, k.status, body.note ?? `核实智能识别候选 ${id}：${c.detections} 次检测`, best?.image_url ?? null,
      JSON.stringify({ candidate_id: id, detection_ids: dets.map((x) => x.id), detections: c.detections, max_confidence: c.max_confidence,
        first_seen: c.first_seen, last_seen: c.last_seen, detectors: [...new Set(dets.map((x) => `${x.detector}@${x.detector_version}`))] })]);
  await tx.query(
    `update detection_candidates set status = 'confirmed', decided_at = now(), decided_by = $2, case_id = $3 where id = $1`,
    [id, principal.username, caseId]);
  return { candidate: (await readCandidate(tx, id, o))!, case_id: caseId!, case_code: k.code };
}

export async function rejectCandidate(tx: Queryable, principal: Principal, id: number, reason: string, o: DetectionOptions): Promise<Candidate> {
  const c = await readCandidate(tx, id, o, true);
  if (!c) throw notFound(`no detection candidate ${id}`);
  if (c.status !== 'open') throw decided(c);
  await tx.query(`update detection_candidates set status = 'rejected', decided_at = now(), decided_by = $2, reason = $3 where id = $1`,
    [id, principal.username, reason]);
  return (await readCandidate(tx, id, o))!;
}

export type Bucket = 'day' | 'week' | 'month';

export interface PrecisionRow {
  detector: string;
  bucket: string | null;
  candidates: number;
  confirmed: number;
  rejected: number;
  open: number;
  precision: number | null;
}

/**
 * Precision per detector: of the candidates it contributed a detection to (first seen
 * in [start, end)), confirmed / (confirmed + rejected); per bucket (China Standard
 * Time day, ISO week from Monday, month) and in all.
 */
export async function readPrecision(tx: Queryable, q: { detector?: string; start: Date; end: Date; bucket: Bucket }): Promise<{ detectors: (PrecisionRow & { series: PrecisionRow[] })[] }> {
  const r = await tx.query<PrecisionRow & { total: boolean }>(
    `with per as (
       select distinct d.detector, c.id, c.status, c.first_seen
         from detections d join detection_candidates c on c.id = d.candidate_id
        where ($1::text is null or d.detector = $1) and c.first_seen >= $2 and c.first_seen < $3
     )
     select detector, (grouping(b) = 1) as total, b as bucket, count(*)::int as candidates,
            count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'rejected')::int as rejected,
            count(*) filter (where status = 'open')::int as open
       from (select per.*, to_char(date_trunc($4, (first_seen at time zone 'UTC') + interval '8 hours'), 'YYYY-MM-DD') as b from per) x
      group by grouping sets ((detector), (detector, b))
      order by detector, total desc, b`,
    [q.detector ?? null, q.start, q.end, q.bucket]);
  const precision = (x: { confirmed: number; rejected: number }) => (x.confirmed + x.rejected ? Math.round((x.confirmed / (x.confirmed + x.rejected)) * 10_000) / 10_000 : null);
  const out = new Map<string, PrecisionRow & { series: PrecisionRow[] }>();
  for (const { total, ...row } of r.rows) {
    const full = { ...row, precision: precision(row) };
    if (total) out.set(row.detector, { ...full, bucket: null, series: [] });
    else out.get(row.detector)!.series.push(full);
  }
  return { detectors: [...out.values()] };
}
