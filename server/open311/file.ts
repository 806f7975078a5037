// Filing an Open311 request: a case made by the same pipeline as every other
// (placePoints, insertCases: code, H3 cell, grid, sub-grid, block, street office,
// deadlines, first event), in a transaction scoped to the client (the open311 role),
// on the client's channel. The photo at media_url goes on the first event; the
// submitter's e-mail, account and device ids in open311_submissions.
import { asSystem, type Principal } from '../auth/principal.ts';
import { insertCases, type IntakeOptions } from '../cases/write.ts';
import { placePoints } from '../components/place.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { Client } from './clients.ts';
import type { RequestInput } from './form.ts';
import { invalidRequest } from './errors.ts';
import { serviceNotice, type Lang } from './labels.ts';
import { leafType, serviceCodeError } from './services.ts';

export interface Filed {
  service_request_id: string;
  service_notice: string | null;
  account_id: string | null;
}

/** 400 unless the point lies in the district the platform serves. */
async function checkJurisdiction(tx: Queryable, lon: number, lat: number): Promise<void> {
  const r = await tx.query<{ inside: boolean; names: string | null }>(
    `select coalesce(bool_or(st_covers(a.geom, st_setsrid(st_makepoint($1, $2), 4326))), false) as inside,
            string_agg(a.name || ' (' || a.name_en || ')', ', ' order by a.code) as names
       from admin_areas a where a.level = 'district'`,
    [lon, lat],
  );
  const row = r.rows[0]!;
  if (!row.inside) {
    throw invalidRequest([`lat ${lat}, long ${lon} lies outside the area this service covers${row.names ? `: ${row.names}` : ''}`]);
  }
}

/** The id of the component with this code (looked up as the system: the client reads no components). */
async function componentId(tx: Queryable, principal: Principal, code: string): Promise<number> {
  const r = await asSystem(tx, principal, () => tx.query<{ id: string }>('select id from components where code = $1', [code]));
  if (!r.rows[0]) throw invalidRequest([`attribute[component_code] ${code} is not a component of the city census`]);
  return Number(r.rows[0].id);
}

export async function fileRequest(tx: Queryable, principal: Principal, client: Client, input: RequestInput, lang: Lang, options: IntakeOptions): Promise<{ filed: Filed; caseId: number }> {
  const type = await leafType(tx, input.serviceCode);
  if (!type) throw await serviceCodeError(tx, input.serviceCode);
  const lon = input.lon!;
  const lat = input.lat!;
  await checkJurisdiction(tx, lon, lat);
  const component = input.componentCode === null ? undefined : await componentId(tx, principal, input.componentCode);
  const [placed] = await placePoints(tx, principal, [{ lon, lat }]);
  const description = input.description ?? (await serviceName(tx, type.code));
  const [id] = await insertCases(tx, principal, [{
    placed: placed!,
    props: {
      channel: client.channel,
      type_code: type.code,
      description,
      ...(input.address === null ? {} : { address: input.address }),
      ...(input.reporterName === null ? {} : { reporter_name: input.reporterName }),
      ...(input.phone === null ? {} : { reporter_phone: input.phone }),
      ...(component === undefined ? {} : { component_id: component }),
    },
    reportedMs: Date.now(),
  }], options);
  if (input.mediaUrl !== null) {
    await tx.query('update case_events set photo_url = $2 where case_id = $1 and from_status is null', [id, input.mediaUrl]);
  }
  if (input.email !== null || input.deviceId !== null || input.accountId !== null) {
    await tx.query('insert into open311_submissions (case_id, account_id, device_id, email) values ($1, $2, $3, $4)',
      [id, input.accountId, input.deviceId, input.email]);
  }
  const r = await tx.query<{ code: string }>('select code from cases where id = $1', [id]);
  if (!r.rows[0]) throw new AppError(500, 'internal', 'the new case cannot be read back');
  return { caseId: id!, filed: { service_request_id: r.rows[0].code, service_notice: serviceNotice(type.complexity, lang), account_id: input.accountId } };
}

async function serviceName(tx: Queryable, code: string): Promise<string> {
  const r = await tx.query<{ name_zh: string }>('select name_zh from case_types where code = $1', [code]);
  return r.rows[0]!.name_zh;
}
