// What an edit of a case's registration data changed, for the case's event log: each
// field with its old and new value — except the reporter's name and phone, which are
// only said to have changed (the log is read by everyone who sees the case, the
// contact data is masked for most of them) — and, for a moved case, the old and new
// point and units. Nothing changed, nothing to record.

/** Fields whose values never go into the event log. */
export const PRIVATE_FIELDS: ReadonlySet<string> = new Set(['reporter_name', 'reporter_phone']);

export interface CaseUnits {
  lon: number;
  lat: number;
  grid_id: number | null;
  subgrid_id: number | null;
  block_id: number | null;
}

export interface EditData {
  /** Per changed field: its old and new value ({} for a private field). */
  fields: Record<string, { from?: unknown; to?: unknown }>;
  moved?: { from: CaseUnits; to: CaseUnits };
}

/** Equal as stored: both empty, or the same text (a bigint column reads as a string). */
const same = (a: unknown, b: unknown) => (a == null ? b == null : b != null && String(a) === String(b));

/** The changes of an edit; null when it changed nothing. */
export function editChanges(before: Record<string, unknown> & CaseUnits, props: Record<string, unknown>, movedTo: CaseUnits | null): EditData | null {
  const fields: EditData['fields'] = {};
  for (const [k, to] of Object.entries(props)) {
    if (to === undefined || same(before[k], to)) continue;
    fields[k] = PRIVATE_FIELDS.has(k) ? {} : { from: before[k] ?? null, to };
  }
  const { lon, lat, grid_id, subgrid_id, block_id } = before;
  const moved = movedTo && (movedTo.lon !== lon || movedTo.lat !== lat) ? { from: { lon, lat, grid_id, subgrid_id, block_id }, to: movedTo } : null;
  if (!moved && Object.keys(fields).length === 0) return null;
  return moved ? { fields, moved } : { fields };
}
