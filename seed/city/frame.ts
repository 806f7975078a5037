// The local metric frame of the synthetic city: metres east (x) and north (y) of a
// centre, converted to WGS 84 longitude/latitude. Over a city of ten kilometres an
// equirectangular frame is accurate to well under a metre, which is all a synthetic
// layout needs; every coordinate is rounded to 1e-7 degrees (about a centimetre) so
// that shared vertices stay bit-identical between neighbouring polygons.

export interface Pt {
  x: number;
  y: number;
}

export type LonLat = [number, number];

const EARTH_RADIUS = 6_371_008.8;
const DEG = Math.PI / 180;

export function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

export class Frame {
  private readonly mPerDegLon: number;
  private readonly mPerDegLat: number;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.mPerDegLat = EARTH_RADIUS * DEG;
    this.mPerDegLon = EARTH_RADIUS * DEG * Math.cos(lat0 * DEG);
  }

  toLonLat(p: Pt): LonLat {
    return [round7(this.lon0 + p.x / this.mPerDegLon), round7(this.lat0 + p.y / this.mPerDegLat)];
  }

  fromLonLat([lon, lat]: LonLat): Pt {
    return { x: (lon - this.lon0) * this.mPerDegLon, y: (lat - this.lat0) * this.mPerDegLat };
  }
}

export function dist(a: Pt, b: Pt): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function lerp(a: Pt, b: Pt, t: number): Pt {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Point at distance `along` on a polyline, and the unit normal (left side) there. */
export function alongPolyline(line: readonly Pt[], along: number): { p: Pt; nx: number; ny: number } {
  let rest = along;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i] as Pt;
    const b = line[i + 1] as Pt;
    const len = dist(a, b);
    if (rest <= len || i + 2 === line.length) {
      const t = len > 0 ? Math.min(1, Math.max(0, rest / len)) : 0;
      const dx = (b.x - a.x) / (len || 1);
      const dy = (b.y - a.y) / (len || 1);
      return { p: lerp(a, b, t), nx: -dy, ny: dx };
    }
    rest -= len;
  }
  const only = line[0] as Pt;
  return { p: only, nx: 0, ny: 1 };
}

export function polylineLength(line: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i + 1 < line.length; i++) s += dist(line[i] as Pt, line[i + 1] as Pt);
  return s;
}
