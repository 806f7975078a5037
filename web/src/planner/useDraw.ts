// Drawing on the map with Terra Draw: a polygon (new unit), a line (split), or the
// vertices of one polygon (edit), snapping to neighbouring boundaries and streets.
import type { Polygon, LineString, Position } from 'geojson';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures, type SnapToCustom } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useEffect, useRef } from 'react';
import { useMap } from '../map/MapView.tsx';
import { snap } from './snapping.ts';

export type DrawMode = 'none' | 'polygon' | 'line' | 'edit';

const ROAD_LAYERS = ['road-arterial', 'road-secondary', 'road-branch', 'road-lane'];

export interface DrawOptions {
  mode: DrawMode;
  /** Boundary lines to snap to (rings of the units near the work). */
  snapLines: Position[][];
  /** The polygon whose vertices are edited in 'edit' mode. */
  editing: Polygon | null;
  onPolygon(p: Polygon): void;
  onLine(l: LineString): void;
  onEdited(p: Polygon): void;
}

export function useDraw(o: DrawOptions): void {
  const handle = useMap();
  const draw = useRef<TerraDraw | null>(null);
  const latest = useRef(o);
  latest.current = o;

  useEffect(() => {
    if (!handle) return;
    const { map } = handle;
    const toCustom: SnapToCustom = (event, ctx) => {
      const cursor = { x: event.containerX, y: event.containerY };
      const roads = map.queryRenderedFeatures(
        [
          [cursor.x - 12, cursor.y - 12],
          [cursor.x + 12, cursor.y + 12],
        ],
        { layers: ROAD_LAYERS.filter((l) => map.getLayer(l)) },
      );
      const roadLines: Position[][] = [];
      for (const f of roads) {
        if (f.geometry.type === 'LineString') roadLines.push(f.geometry.coordinates);
        else if (f.geometry.type === 'MultiLineString') roadLines.push(...f.geometry.coordinates);
      }
      return snap(cursor, [...latest.current.snapLines, ...roadLines], ctx.project, ctx.unproject);
    };
    const snapping = { toCustom };
    const td = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td' }),
      modes: [
        new TerraDrawPolygonMode({ snapping, styles: { fillColor: '#f59e0b', fillOpacity: 0.25, outlineColor: '#b45309', outlineWidth: 2 } }),
        new TerraDrawLineStringMode({ snapping, styles: { lineStringColor: '#b91c1c', lineStringWidth: 3 } }),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom } } } } },
          styles: { selectedPolygonColor: '#f59e0b', selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: '#b45309' },
        }),
      ],
    });
    td.start();
    td.on('finish', (id, ctx) => {
      const f = td.getSnapshotFeature(id) as GeoJSONStoreFeatures | undefined;
      if (!f) return;
      if (ctx.mode === 'polygon' && f.geometry.type === 'Polygon') {
        td.removeFeatures([id]);
        latest.current.onPolygon(f.geometry as Polygon);
      } else if (ctx.mode === 'linestring' && f.geometry.type === 'LineString') {
        td.removeFeatures([id]);
        latest.current.onLine(f.geometry as LineString);
      } else if (ctx.mode === 'select' && f.geometry.type === 'Polygon') {
        latest.current.onEdited(f.geometry as Polygon);
      }
    });
    draw.current = td;
    return () => {
      draw.current = null;
      td.stop();
    };
  }, [handle]);

  // Mode and the polygon under edit.
  useEffect(() => {
    const td = draw.current;
    if (!td) return;
    td.clear();
    if (o.mode === 'polygon') td.setMode('polygon');
    else if (o.mode === 'line') td.setMode('linestring');
    else if (o.mode === 'edit' && o.editing) {
      td.setMode('select');
      const [added] = td.addFeatures([{ type: 'Feature', geometry: o.editing, properties: { mode: 'polygon' } }]);
      if (added?.valid && added.id !== undefined) td.selectFeature(added.id);
    } else td.setMode('static');
  }, [o.mode, o.editing, handle]);
}
