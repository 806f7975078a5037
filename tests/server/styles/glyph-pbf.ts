// Reads a glyph PBF as MapLibre does (glyphs.proto: glyphs → fontstack → glyph).
import { PbfReader } from 'pbf';

export interface Glyph {
  id: number;
  bitmap: Uint8Array | null;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

export interface FontStack {
  name: string;
  range: string;
  glyphs: Glyph[];
}

function readGlyph(tag: number, g: Glyph, pbf: PbfReader): void {
  if (tag === 1) g.id = pbf.readVarint();
  else if (tag === 2) g.bitmap = pbf.readBytes();
  else if (tag === 3) g.width = pbf.readVarint();
  else if (tag === 4) g.height = pbf.readVarint();
  else if (tag === 5) g.left = pbf.readSVarint();
  else if (tag === 6) g.top = pbf.readSVarint();
  else if (tag === 7) g.advance = pbf.readVarint();
}

function readStack(tag: number, s: FontStack, pbf: PbfReader): void {
  if (tag === 1) s.name = pbf.readString();
  else if (tag === 2) s.range = pbf.readString();
  else if (tag === 3) s.glyphs.push(pbf.readMessage(readGlyph, { id: -1, bitmap: null, width: 0, height: 0, left: 0, top: 0, advance: 0 }));
}

export function decodeGlyphs(buf: Uint8Array): FontStack[] {
  return new PbfReader(buf).readFields((tag, stacks: FontStack[], pbf) => {
    if (tag === 1) stacks.push(pbf.readMessage(readStack, { name: '', range: '', glyphs: [] }));
  }, []);
}
