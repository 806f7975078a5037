// A census of a page's JS heap from a V8 heap snapshot taken over CDP: live objects
// counted and sized by kind and constructor name (after the snapshot's own full GC),
// and the difference between two censuses, largest growth first. Used by the wall soak
// to tell warm-up from a leak: a leak shows as a kind whose count keeps rising.
import type { CDPSession } from 'playwright-core';

export interface CensusRow {
  count: number;
  bytes: number;
}
export type Census = Map<string, CensusRow>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Takes a heap snapshot of the page behind `cdp` and counts its nodes by kind. */
export async function heapCensus(cdp: CDPSession, holdersOf: string[] = []): Promise<Census> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return censusOf(JSON.parse(chunks.join('')) as Snapshot, holdersOf);
}

/**
 * Also counts who holds each node of the `kinds` given ("object Array", "array", …):
 * keys "<kind> ← <holder kind>.<edge>", so a diff names the owner of what grew.
 */
export function censusOf(s: Snapshot, kinds: string[] = []): Census {
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const stride = fields.length;
  const fType = fields.indexOf('type'), fName = fields.indexOf('name'), fSize = fields.indexOf('self_size');
  const out: Census = new Map();
  for (let i = 0; i < s.nodes.length; i += stride) {
    const type = types[s.nodes[i + fType]!] ?? '?';
    // Strings and numbers are named by their content: count them as one kind each.
    const name = type === 'object' || type === 'closure' || type === 'native' ? s.strings[s.nodes[i + fName]!] ?? '?' : '';
    const key = name ? `${type} ${name.slice(0, 60)}` : type;
    const row = out.get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += s.nodes[i + fSize]!;
    out.set(key, row);
  }
  if (kinds.length > 0) holders(s, new Set(kinds), out);
  return out;
}

function holders(s: Snapshot & { edges?: number[]; snapshot: { meta: { edge_fields?: string[]; edge_types?: [string[], ...unknown[]] } } }, kinds: Set<string>, out: Census): void {
  const meta = s.snapshot.meta;
  if (!s.edges || !meta.edge_fields || !meta.edge_types) return;
  const nf = meta.node_fields, ef = meta.edge_fields;
  const stride = nf.length, estride = ef.length;
  const fType = nf.indexOf('type'), fName = nf.indexOf('name'), fEdges = nf.indexOf('edge_count');
  const eType = ef.indexOf('type'), eName = ef.indexOf('name_or_index'), eTo = ef.indexOf('to_node');
  const ntypes = meta.node_types[0], etypes = meta.edge_types[0];
  const kindOf = (i: number) => {
    const type = ntypes[s.nodes[i + fType]!] ?? '?';
    const name = type === 'object' || type === 'closure' || type === 'native' ? s.strings[s.nodes[i + fName]!] ?? '?' : '';
    return name ? `${type} ${name.slice(0, 40)}` : type;
  };
  let e = 0;
  for (let i = 0; i < s.nodes.length; i += stride) {
    const n = s.nodes[i + fEdges]!;
    let holder: string | null = null;
    for (let k = 0; k < n; k++, e += estride) {
      const et = etypes[s.edges[e + eType]!];
      if (et === 'weak' || et === 'shortcut') continue;
      const to = s.edges[e + eTo]!;
      const kind = kindOf(to);
      if (!kinds.has(kind)) continue;
      holder ??= kindOf(i);
      const edge = et === 'element' || et === 'hidden' ? `[${et}]` : String(s.strings[s.edges[e + eName]!] ?? '?').slice(0, 30);
      const key = `${kind} ← ${holder}.${edge}`;
      const row = out.get(key) ?? { count: 0, bytes: 0 };
      row.count++;
      out.set(key, row);
    }
  }
}

export interface CensusDiff {
  key: string;
  before: number;
  after: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Kinds whose bytes grew most from `a` to `b` (or, for the holder counts, whose count grew most). */
export function censusDiff(a: Census, b: Census, top = 15, holderRows = false): CensusDiff[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => k.includes(' ← ') === holderRows);
  const rows: CensusDiff[] = [];
  for (const key of keys) {
    const x = a.get(key) ?? { count: 0, bytes: 0 };
    const y = b.get(key) ?? { count: 0, bytes: 0 };
    rows.push({ key, before: x.count, after: y.count, bytesBefore: x.bytes, bytesAfter: y.bytes });
  }
  const grown = (r: CensusDiff) => (holderRows ? r.after - r.before : r.bytesAfter - r.bytesBefore);
  return rows.sort((p, q) => grown(q) - grown(p)).slice(0, top);
}

export const censusLines = (rows: CensusDiff[]) =>
  rows.map((r) => `${r.key.padEnd(64)} ${String(r.before).padStart(7)} → ${String(r.after).padEnd(7)} ${((r.bytesAfter - r.bytesBefore) / 1024).toFixed(0).padStart(7)} KB`);
