// The layer switcher: the basemap's own unit outlines, and the tile sources of
// components, cases and service points drawn as MapLibre layers on demand.
import type { AddLayerObject, Map as MlMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from './MapView.tsx';

export type OverlayId = 'grids' | 'subgrids' | 'blocks' | 'components' | 'cases' | 'service_points';

interface OverlaySpec {
  /** Layers of the basemap style this switch shows and hides. */
  styleLayers?: string[];
  /** Or a tile source of this server added when first shown. */
  source?: string;
  layers?: AddLayerObject[];
  colour: string;
}

const BEFORE = 'label-road-minor';

const SPECS: Record<OverlayId, OverlaySpec> = {
  grids: { styleLayers: ['grids-outline'], colour: '#1d4ed8' },
  subgrids: { styleLayers: ['subgrids-outline'], colour: '#7c3aed' },
  blocks: { styleLayers: ['blocks-outline'], colour: '#9ca3af' },
  components: {
    source: 'components',
    colour: '#0f766e',
    layers: [{ id: 'ov-components', type: 'circle', source: 'components', 'source-layer': 'components', paint: { 'circle-radius': 3, 'circle-color': '#0f766e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 0.5 } }],
  },
  cases: {
    source: 'cases',
    colour: '#dc2626',
    layers: [{ id: 'ov-cases', type: 'circle', source: 'cases', 'source-layer': 'cases', paint: { 'circle-radius': 3.5, 'circle-color': '#dc2626', 'circle-opacity': 0.75 } }],
  },
  service_points: {
    source: 'service_points',
    colour: '#ea580c',
    layers: [{ id: 'ov-service-points', type: 'circle', source: 'service_points', 'source-layer': 'service_points', paint: { 'circle-radius': 5, 'circle-color': '#ea580c', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } }],
  },
};

function apply(map: MlMap, id: OverlayId, on: boolean) {
  const spec = SPECS[id];
  if (spec.styleLayers) {
    for (const l of spec.styleLayers) if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', on ? 'visible' : 'none');
    return;
  }
  if (on && spec.source && !map.getSource(spec.source)) map.addSource(spec.source, { type: 'vector', url: `${location.origin}/tiles/${spec.source}.json` });
  for (const layer of spec.layers ?? []) {
    if (on && !map.getLayer(layer.id)) map.addLayer(layer, map.getLayer(BEFORE) ? BEFORE : undefined);
    if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none');
  }
}

export function LayerSwitcher({ available, initial }: { available: OverlayId[]; initial: OverlayId[] }) {
  const { t } = useTranslation();
  const handle = useMap();
  const [on, setOn] = useState<Set<OverlayId>>(() => new Set(initial));
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!handle) return;
    for (const id of available) apply(handle.map, id, on.has(id));
  }, [handle, on, available]);

  return (
    <div className="panel layer-switcher">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('map.layers')}
      </button>
      {open && (
        <ul>
          {available.map((id) => (
            <li key={id}>
              <label>
                <input
                  type="checkbox"
                  checked={on.has(id)}
                  onChange={(e) => {
                    const next = new Set(on);
                    if (e.target.checked) next.add(id);
                    else next.delete(id);
                    setOn(next);
                  }}
                />
                <i className="swatch" style={{ background: SPECS[id].colour }} />
                {t(`map.layer.${id}`)}
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface LegendEntry {
  colour: string;
  label: string;
}

export function Legend({ title, entries }: { title?: string; entries: LegendEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="panel legend" aria-label={t('map.legend')}>
      {title && <h3>{title}</h3>}
      <ul>
        {entries.map((e) => (
          <li key={e.label}>
            <i className="swatch" style={{ background: e.colour }} />
            {e.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
