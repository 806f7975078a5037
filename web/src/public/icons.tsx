// A small icon per kind of place, drawn in its colour (no icon font, no network).
import { css } from '../map/colours.ts';
import { KIND_COLOUR, type Kind } from './kinds.ts';

const PATHS: Record<Kind, string> = {
  // A figure pair (WC).
  toilet: 'M7 5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm10 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM5 7h4v7H8v8H6v-8H5zm10 0h4l2 9h-2v6h-4v-6h-2z',
  // A tree.
  park: 'M12 1 4 12h4l-4 6h7v5h2v-5h7l-4-6h4z',
  // A stall with an awning.
  vendor_zone: 'M2 4h20l-2 6H4zm2 8h16v10h-3v-6H7v6H4z',
  // A house.
  service_station: 'M12 2 1 11h3v11h6v-7h4v7h6V11h3z',
  // A lightning bolt.
  charging_shed: 'M13 1 4 14h6l-2 9 10-13h-6z',
};

export function KindIcon({ kind, size = 20 }: { kind: Kind; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="kind-icon">
      <path d={PATHS[kind]} fill={css(KIND_COLOUR[kind])} />
    </svg>
  );
}
