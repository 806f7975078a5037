// Filing what a channel adapter parsed: every input checked (type, report time), a
// record seen before (same channel and external id, in an earlier batch or twice in
// this one) answered with its case instead of a new one, the rest written through the
// ordinary case write path (location, routing, deadlines, duplicate linking) and
// remembered in intake_records. All or nothing: any problem refuses the batch (422
// listing every one) and writes nothing.
import { asSystem, type Principal } from '../auth/principal.ts';
import { checkCaseCodes, loadCaseReferences } from '../cases/references.ts';
import { insertCases, reportTime, type IntakeOptions } from '../cases/write.ts';
import { placePoints } from '../components/place.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { ChannelSetting, Parsed, SourceProblem } from './adapter.ts';

export interface Filed {
  record: number;
  external_id: string;
  case_id: number;
  code: string;
  /** True when the record had come before: its case, nothing new written. */
  replay: boolean;
}

export function problemsError(problems: readonly SourceProblem[], received: number): AppError {
  const first = problems[0]!;
  return new AppError(422, 'invalid_records', `${problems.length} problem${problems.length > 1 ? 's' : ''} in ${received} record${received === 1 ? '' : 's'}; nothing was filed. First: ${first.line ? `line ${first.line}, ` : ''}${first.message}`, { problems });
}

export async function fileParsed(tx: Queryable, principal: Principal, setting: ChannelSetting, parsed: Parsed, options: IntakeOptions): Promise<Filed[]> {
  const problems = [...parsed.problems];
  const refs = await loadCaseReferences(tx);
  const now = Date.now();
  for (const { record, line, input } of parsed.inputs) {
    for (const p of checkCaseCodes(refs, { channel: input.channel, type_code: input.type_code })) problems.push({ record, ...(line ? { line } : {}), field: p.field, reason: p.reason, message: p.message });
    const at = reportTime(input.reported_at, now);
    if (typeof at !== 'number') problems.push({ record, ...(line ? { line } : {}), field: 'reported_at', reason: at.reason, message: at.message });
  }
  if (problems.length) throw problemsError(problems.sort((a, b) => a.record - b.record), parsed.inputs.length + new Set(parsed.problems.map((p) => p.record)).size);
  const ids = parsed.inputs.map((x) => x.input.external_id);
  const seen = await asSystem(tx, principal, () => tx.query<{ external_id: string; case_id: string; code: string }>(
    `select r.external_id, r.case_id, c.code from intake_records r join cases c on c.id = r.case_id where r.channel = $1 and r.external_id = any ($2::text[])`,
    [setting.channel, ids]));
  const known = new Map(seen.rows.map((r) => [r.external_id, { case_id: Number(r.case_id), code: r.code }]));
  const fresh = parsed.inputs.filter((x, i) => !known.has(x.input.external_id) && ids.indexOf(x.input.external_id) === i);
  const names = new Map((await tx.query<{ code: string; name_zh: string }>('select code, name_zh from case_types where code = any ($1::text[])',
    [[...new Set(fresh.map((x) => x.input.type_code))]])).rows.map((r) => [r.code, r.name_zh]));
  const placed = await placePoints(tx, principal, fresh.map((x) => ({ lon: x.input.lon, lat: x.input.lat })));
  const caseIds = await insertCases(tx, principal, fresh.map((x, i) => ({
    placed: placed[i]!,
    props: {
      channel: x.input.channel, type_code: x.input.type_code, description: x.input.description || names.get(x.input.type_code)!,
      ...(x.input.address === undefined ? {} : { address: x.input.address }),
      ...(x.input.reporter_name === undefined ? {} : { reporter_name: x.input.reporter_name }),
      ...(x.input.reporter_phone === undefined ? {} : { reporter_phone: x.input.reporter_phone }),
    },
    reportedMs: reportTime(x.input.reported_at, now) as number,
  })), options);
  if (fresh.length) {
    const codes = await tx.query<{ id: string; code: string }>('select id, code from cases where id = any ($1::int8[])', [caseIds]);
    const codeOf = new Map(codes.rows.map((r) => [Number(r.id), r.code]));
    await tx.query(
      `insert into intake_records (channel, external_id, case_id, adapter) select $1, e, c, $4 from unnest($2::text[], $3::int8[]) as t(e, c)`,
      [setting.channel, fresh.map((x) => x.input.external_id), caseIds, setting.adapter]);
    fresh.forEach((x, i) => known.set(x.input.external_id, { case_id: caseIds[i]!, code: codeOf.get(caseIds[i]!)! }));
  }
  const freshIds = new Set(fresh.map((x) => x.record));
  return parsed.inputs.map((x) => ({ record: x.record, external_id: x.input.external_id, ...known.get(x.input.external_id)!, replay: !freshIds.has(x.record) }));
}
