// The public map's deck.gl layers: the places of the chosen kind (areas and points),
// the point asked about, the way to each of the nearest places and their ranks.
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, LineLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, Geometry, MultiPolygon } from 'geojson';
import type { RGBA } from '../map/colours.ts';
import type { NearPlace, Place } from './api.ts';
import { KIND_COLOUR, type Kind } from './kinds.ts';

/** Interleaved deck layers drawn under the map's labels (a MapLibreOverlay prop the layer types do not declare). */
const UNDER_LABELS = { beforeId: 'label-road-minor' } as object;

const alpha = (c: RGBA, a: number): RGBA => [c[0], c[1], c[2], a];
const WHITE: RGBA = [255, 255, 255, 255];
const FROM: RGBA = [220, 38, 38, 255];

/** Where a result is marked: the place's point, or for an area the nearest point of its edge. */
export const markOf = (p: NearPlace): [number, number] => (p.area ? p.to : p.point);

export function publicLayers(kind: Kind, places: Place[], from: [number, number] | null, results: NearPlace[], selected: number | null): Layer[] {
  const colour = KIND_COLOUR[kind];
  const areas: Feature<MultiPolygon, Place>[] = places.filter((p) => p.area).map((p) => ({ type: 'Feature', geometry: p.area!, properties: p }));
  const layers: Layer[] = [
    new GeoJsonLayer<Place>({
      id: 'public-areas',
      data: areas as never,
      filled: true,
      stroked: true,
      getFillColor: (f: Feature<Geometry, Place>) => alpha(colour, f.properties.id === selected ? 150 : 80),
      getLineColor: colour,
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      pickable: true,
      updateTriggers: { getFillColor: selected },
      ...UNDER_LABELS,
    }),
    new ScatterplotLayer<Place>({
      id: 'public-places',
      data: places,
      getPosition: (p) => p.point,
      getRadius: (p) => (p.id === selected ? 9 : 6),
      radiusUnits: 'pixels',
      getFillColor: colour,
      getLineColor: WHITE,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      stroked: true,
      pickable: true,
      updateTriggers: { getRadius: selected },
    }),
  ];
  if (from) {
    layers.push(
      new LineLayer<NearPlace>({
        id: 'public-lines',
        data: results,
        getSourcePosition: () => from,
        getTargetPosition: (p) => p.to,
        getColor: (_p, { index }) => (index === 0 ? colour : alpha(colour, 110)),
        getWidth: (_p, { index }) => (index === 0 ? 4 : 2),
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<NearPlace>({
        id: 'public-results',
        data: results,
        getPosition: markOf,
        getRadius: (_p, { index }) => (index === 0 ? 13 : 10),
        radiusUnits: 'pixels',
        getFillColor: colour,
        getLineColor: WHITE,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        stroked: true,
        pickable: true,
      }),
      new TextLayer<NearPlace>({
        id: 'public-ranks',
        data: results,
        getPosition: markOf,
        getText: (_p, { index }) => String(index + 1),
        getSize: 13,
        getColor: WHITE,
        fontWeight: 700,
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
      }),
      new ScatterplotLayer<[number, number]>({
        id: 'public-from',
        data: [from],
        getPosition: (p) => p,
        getRadius: 8,
        radiusUnits: 'pixels',
        getFillColor: FROM,
        getLineColor: WHITE,
        getLineWidth: 3,
        lineWidthUnits: 'pixels',
        stroked: true,
        // Pickable so that a test (and a later tooltip) finds it; a tap on it asks again from there.
        pickable: true,
      }),
    );
  }
  return layers;
}
