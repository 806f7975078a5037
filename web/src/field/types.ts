// The short list a patrol picks from: the commonest leaf types of the seeded city's
// mix (seed/taxonomy/hints.ts: exposed litter, street vending, illegal building,
// unswept road, trading off the pavement, overflowing bins, piled refuse) and two
// street-furniture faults. Names and routes come from the reference API and are kept
// in localStorage, so the list works offline after the first visit.
import { api } from '../api/client.ts';

export const FIELD_TYPES = ['01010101', '02020101', '02010201', '01010102', '02020201', '01020101', '01010103', '03030101', '03040101'] as const;

export interface FieldType {
  code: string;
  name_zh: string;
  name_en: string | null;
  default_route: 'self' | 'dispatch' | 'enforcement' | null;
}

const STORAGE_KEY = 'gridcity.field.types';

function cached(): FieldType[] | null {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as FieldType[] | null;
    return Array.isArray(v) && v.length ? v : null;
  } catch {
    return null;
  }
}

/** The short list with names and routes: from the server when it answers, else the last copy kept. */
export async function loadFieldTypes(): Promise<FieldType[]> {
  try {
    const all = await api<FieldType[]>('/api/reference/case-types');
    const byCode = new Map(all.map((t) => [t.code, t]));
    const list = FIELD_TYPES.flatMap((c) => {
      const t = byCode.get(c);
      return t ? [{ code: t.code, name_zh: t.name_zh, name_en: t.name_en, default_route: t.default_route }] : [];
    });
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
    return list;
  } catch (err) {
    const kept = cached();
    if (kept) return kept;
    throw err;
  }
}

export const typeName = (t: FieldType, lang: string) => (lang === 'en' && t.name_en ? t.name_en : t.name_zh);
