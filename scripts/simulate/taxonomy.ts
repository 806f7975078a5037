// What the simulator reports: the leaf case types with their Chinese names (from the
// reference data migration, the taxonomy the platform ships with) and their weights,
// hour profiles and places from the seed's hints, so simulated cases mix like the
// seeded city's: dirty environment most, then illegal building and street vending,
// vending in the evening, noise at night.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { caseTypeHints, type CaseTypeHint } from '../../seed/taxonomy/hints.ts';

export interface LeafType {
  code: string;
  name: string;
  hint: CaseTypeHint;
}

const REFERENCE_DATA = fileURLToPath(new URL('../../schema/003.do.reference-data.sql', import.meta.url));

/** Leaf (level-4) case types: `('01010101', '010101', 4, '暴露垃圾', ...)` rows of the case_types inserts. */
export function leafTypes(sql = readFileSync(REFERENCE_DATA, 'utf8')): LeafType[] {
  const out: LeafType[] = [];
  for (const m of sql.matchAll(/\(\s*'(\d{8})',\s*'\d{6}',\s*4,\s*'([^']+)'/g)) {
    const hint = caseTypeHints[m[1]!];
    if (hint) out.push({ code: m[1]!, name: m[2]!, hint });
  }
  if (out.length === 0) throw new Error('no leaf case types found in the reference data');
  return out;
}
