// Sends one outbox report, resuming at the step it reached: the case, its photo, the
// on-the-spot handling. Each call is safe to repeat (Idempotency-Key on the first two,
// the case's status checked before the third).
import { ApiError, api, request } from '../api/client.ts';
import { getCase, takeStep, type CaseFeature } from '../cases/api.ts';
import type { OutboxItem } from './outbox.ts';

const HANDLED_OR_LATER = new Set(['handled', 'checked', 'closed', 'evaluated']);

async function fileCase(item: OutboxItem): Promise<CaseFeature> {
  const body = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [item.lon, item.lat] },
    properties: { channel: item.channel, type_code: item.typeCode, description: item.description, reported_at: item.createdAt },
  };
  return (await request<CaseFeature>('/api/cases', { method: 'POST', body, headers: { 'idempotency-key': item.id } })).data;
}

/** Runs the remaining steps; answers the item as it stands after each (`onStep` saves it). */
export async function sendReport(item: OutboxItem, onStep: (i: OutboxItem) => Promise<void>): Promise<OutboxItem> {
  let cur = item;
  const advance = async (patch: Partial<OutboxItem>) => {
    cur = { ...cur, ...patch };
    await onStep(cur);
  };
  if (cur.step === 'case') {
    const c = await fileCase(cur);
    const merged = c.properties.status === 'cancelled' && c.properties.duplicate_of !== null;
    let mergedInto: string | null = null;
    if (merged) {
      mergedInto = await getCase(c.properties.duplicate_of!).then((r) => r.data.properties.code, () => String(c.properties.duplicate_of));
    }
    await advance({ caseId: c.id, caseCode: c.properties.code, mergedInto, step: cur.photo ? 'photo' : 'handle' });
  }
  if (cur.step === 'photo') {
    const p = await api<{ url: string }>(`/api/cases/${cur.caseId!}/photos`, { method: 'POST', body: { photo: cur.photo }, headers: { 'idempotency-key': `${cur.id}:photo` } });
    await advance({ photoUrl: p.url, step: 'handle' });
  }
  const photoUrl = cur.photoUrl;
  if (cur.step === 'handle') {
    if (cur.selfHandle && !cur.mergedInto) {
      const { data, etag } = await getCase(cur.caseId!);
      if (!HANDLED_OR_LATER.has(data.properties.status)) {
        const version = etag ? Number(/"v(\d+)"/.exec(etag)?.[1] ?? data.properties.version) : data.properties.version;
        try {
          await takeStep(cur.caseId!, version, {
            action: 'self_handle',
            note: cur.description,
            ...(photoUrl ? { photo_url: new URL(photoUrl, location.origin).href } : {}),
          });
        } catch (err) {
          // Taken meanwhile (a retry whose answer was lost): fine when the case is handled now.
          if (!(err instanceof ApiError && (err.status === 409 || err.status === 412))) throw err;
          const now = await getCase(cur.caseId!);
          if (!HANDLED_OR_LATER.has(now.data.properties.status)) throw err;
        }
      }
    }
    await advance({ step: 'done', state: 'sent', error: null });
  }
  return cur;
}
