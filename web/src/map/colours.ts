// Colours the views share, as RGBA arrays for deck.gl.
export type RGBA = [number, number, number, number];

export const COLOURS = {
  inBand: [96, 165, 250, 90] as RGBA,
  outBand: [248, 113, 113, 110] as RGBA,
  neutral: [148, 163, 184, 60] as RGBA,
  selected: [245, 158, 11, 120] as RGBA,
  changed: [245, 158, 11, 255] as RGBA,
  line: [30, 64, 175, 220] as RGBA,
  overlap: [220, 38, 38, 190] as RGBA,
  gap: [234, 88, 12, 160] as RGBA,
  outside: [147, 51, 234, 170] as RGBA,
  before: [100, 116, 139, 255] as RGBA,
  after: [37, 99, 235, 255] as RGBA,
  complete: [34, 197, 94, 110] as RGBA,
  incomplete: [239, 68, 68, 120] as RGBA,
};

export const css = (c: RGBA) => `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(2)})`;

/**
 * The look of a point marker on the maps (cases, candidates, pins, the user's position):
 * a filled dot of fixed screen size with a white outline. Spread into a ScatterplotLayer.
 */
export const dotStyle = (outlinePx = 1.5) => ({
  radiusUnits: 'pixels' as const,
  stroked: true,
  getLineColor: [255, 255, 255, 255] as RGBA,
  lineWidthUnits: 'pixels' as const,
  getLineWidth: outlinePx,
});
