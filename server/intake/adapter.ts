// Channel adapters: a channel's source records (a hotline's Open311 requests, the rows
// of a batch file) become validated case inputs, each with its channel and the
// source's own id (for idempotency). Which adapter a channel uses and how its fields
// map is configuration (server/intake/channels.ts), not code: a new channel that sends
// CSV or Open311 needs a line there, nothing else.

/** One case as a channel delivers it, before the case write path (location, routing, deadlines). */
export interface CaseInput {
  channel: string;
  /** The source's id of the record: the same channel and id land once. */
  external_id: string;
  type_code: string;
  description: string;
  lon: number;
  lat: number;
  /** ISO 8601; default: when it arrives. */
  reported_at?: string;
  address?: string;
  reporter_name?: string;
  reporter_phone?: string;
}

/** Why a source record was refused: which record (from 0), which line of a file, which field. */
export interface SourceProblem {
  record: number;
  line?: number;
  field: string;
  reason: string;
  message: string;
}

export interface Parsed {
  inputs: { record: number; line?: number; input: CaseInput }[];
  problems: SourceProblem[];
}

export type AdapterName = 'open311' | 'csv';

/** Source field (a CSV column, an Open311 field) of each case field. */
export interface FieldMapping {
  external_id: string;
  type_code: string;
  description?: string;
  lon: string;
  lat: string;
  reported_at?: string;
  address?: string;
  reporter_name?: string;
  reporter_phone?: string;
}

/** How one channel's records come in. */
export interface ChannelSetting {
  channel: string;
  adapter: AdapterName;
  fields: FieldMapping;
  /** The source's labels of case types → leaf type codes (a record may also carry the 8-digit code). */
  types?: Record<string, string>;
  /** Offset of local times without a zone in the source (default +08:00, China Standard Time). */
  utcOffset?: string;
}

export interface ChannelAdapter {
  name: AdapterName;
  /** Media types of the source the adapter reads. */
  mediaTypes: readonly string[];
  parse(source: string, setting: ChannelSetting): Parsed;
}

const LEAF = /^[0-9]{8}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Builds a case input from one source record through the channel's field mapping:
 * every problem of the record named by its source field.
 */
export function mapRecord(
  get: (field: string) => string | undefined, setting: ChannelSetting, at: { record: number; line?: number },
): { input?: CaseInput; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const f = setting.fields;
  const problem = (field: string, reason: string, message: string) => problems.push({ ...at, field, reason, message });
  const value = (field: string | undefined) => {
    if (field === undefined) return undefined;
    const v = get(field)?.trim();
    return v ? v : undefined;
  };
  const externalId = value(f.external_id);
  if (!externalId) problem(f.external_id, 'required', `${f.external_id} (the record's id) is missing`);
  else if (externalId.length > 200) problem(f.external_id, 'too_long', `${f.external_id} is longer than 200 characters`);
  const rawType = value(f.type_code);
  let type: string | undefined;
  if (!rawType) problem(f.type_code, 'required', `${f.type_code} (the case type) is missing`);
  else {
    type = LEAF.test(rawType) ? rawType : setting.types?.[rawType];
    if (!type) problem(f.type_code, 'unknown_type', `${f.type_code} "${rawType}" is neither a leaf type code nor a type this channel maps (${Object.keys(setting.types ?? {}).join('、') || 'none'})`);
  }
  const coord = (field: string, min: number, max: number) => {
    const raw = value(field);
    if (raw === undefined) return void problem(field, 'required', `${field} is missing`);
    if (!NUMBER.test(raw)) return void problem(field, 'not_a_number', `${field} "${raw}" is not a number`);
    const n = Number(raw);
    if (n < min || n > max) return void problem(field, 'out_of_range', `${field} ${raw} is outside ${min}..${max}`);
    return n;
  };
  const lon = coord(f.lon, -180, 180);
  const lat = coord(f.lat, -90, 90);
  let reportedAt: string | undefined;
  const rawTime = value(f.reported_at);
  if (rawTime !== undefined) {
    const m = LOCAL_TIME.exec(rawTime);
    const iso = m
      ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}T${(m[4] ?? '0').padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}${setting.utcOffset ?? '+08:00'}`
      : rawTime;
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) problem(f.reported_at!, 'invalid_time', `${f.reported_at} "${rawTime}" is not a date and time`);
    else reportedAt = new Date(ms).toISOString();
  }
  const description = value(f.description);
  if (description !== undefined && description.length > 2000) problem(f.description!, 'too_long', `${f.description} is longer than 2000 characters`);
  if (problems.length) return { problems };
  const optional = (k: 'address' | 'reporter_name' | 'reporter_phone') => {
    const v = value(f[k]);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    problems,
    input: {
      channel: setting.channel, external_id: externalId!, type_code: type!, description: description ?? '', lon: lon!, lat: lat!,
      ...(reportedAt === undefined ? {} : { reported_at: reportedAt }), ...optional('address'), ...optional('reporter_name'), ...optional('reporter_phone'),
    },
  };
}
