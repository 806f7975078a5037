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
export async function heapCensus(cdp: CDPSession): Promise<Census> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return censusOf(JSON.parse(chunks.join('')) as Snapshot);
}

export function censusOf(s: Snapshot): Census {
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
  return out;
}

export interface CensusDiff {
  key: string;
  before: number;
  after: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Kinds whose bytes grew most from `a` to `b`. */
export function censusDiff(a: Census, b: Census, top = 15): CensusDiff[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows: CensusDiff[] = [];
  for (const key of keys) {
    const x = a.get(key) ?? { count: 0, bytes: 0 };
    const y = b.get(key) ?? { count: 0, bytes: 0 };
    rows.push({ key, before: x.count, after: y.count, bytesBefore: x.bytes, bytesAfter: y.bytes });
  }
  return rows.sort((p, q) => q.bytesAfter - q.bytesBefore - (p.bytesAfter - p.bytesBefore)).slice(0, top);
}

export const censusLines = (rows: CensusDiff[]) =>
  rows.map((r) => `${r.key.padEnd(64)} ${String(r.before).padStart(7)} → ${String(r.after).padEnd(7)} ${((r.bytesAfter - r.bytesBefore) / 1024).toFixed(0).padStart(7)} KB`);
