// The small map of the report page: a pin the resident moves by tapping; it starts at
// the community's centre and follows the phone's position when asked.
import { ScatterplotLayer } from '@deck.gl/layers';
import { useEffect, useMemo, useRef } from 'react';
import { dotStyle } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';

export type Pin = [number, number];

function Frame({ bbox, pin, follow }: { bbox: [number, number, number, number] | null; pin: Pin | null; follow: number }) {
  const handle = useMap();
  const framed = useRef(false);
  useEffect(() => {
    if (!handle || framed.current) return;
    if (bbox) {
      handle.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 20, duration: 0, maxZoom: 17 });
      framed.current = true;
    } else if (pin) {
      handle.map.jumpTo({ center: pin, zoom: 16 });
      framed.current = true;
    }
  }, [handle, bbox, pin]);
  // A new position from the phone: bring it into view.
  useEffect(() => {
    if (handle && pin && follow > 0) handle.map.jumpTo({ center: pin, zoom: Math.max(handle.map.getZoom(), 16) });
    // Only when a new position arrives (follow counts them).
  }, [handle, follow]);
  return null;
}

export function PinMap({ pin, bbox, follow, onPin }: { pin: Pin | null; bbox: [number, number, number, number] | null; follow: number; onPin(p: Pin): void }) {
  const layers = useMemo(
    () =>
      pin
        ? [
            new ScatterplotLayer<Pin>({
              id: 'report-pin',
              data: [pin],
              getPosition: (p) => p,
              getRadius: 10,
              getFillColor: [220, 38, 38, 255],
              ...dotStyle(3),
            }),
          ]
        : [],
    [pin],
  );
  return (
    <MapView
      className="report-map"
      layers={layers}
      interactive={false}
      onPick={(info) => {
        if (info.coordinate) onPin([Number(info.coordinate[0]!.toFixed(6)), Number(info.coordinate[1]!.toFixed(6))]);
      }}
    >
      <Frame bbox={bbox} pin={pin} follow={follow} />
    </MapView>
  );
}
