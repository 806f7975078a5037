// A pulse on the map where a new case lands: a MapLibre marker with a CSS animation,
// removed when the animation ends. At most MAX at once (the oldest goes first), so a
// burst of intake cannot pile up elements.
import { Marker, type Map as MlMap } from 'maplibre-gl';

const MAX = 40;
const LIFE_MS = 4_000;

export class Pulses {
  private live: { marker: Marker; timer: ReturnType<typeof setTimeout> }[] = [];
  constructor(private readonly map: MlMap) {}

  add(lon: number, lat: number): void {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    while (this.live.length >= MAX) this.drop(this.live[0]!);
    const el = document.createElement('div');
    el.className = 'wall-pulse';
    el.setAttribute('data-testid', 'pulse');
    // MapLibre positions the element with a transform; the ring inside animates its own.
    el.appendChild(document.createElement('div')).className = 'wall-pulse-ring';
    const marker = new Marker({ element: el }).setLngLat([lon, lat]).addTo(this.map);
    const entry = { marker, timer: setTimeout(() => this.drop(entry), LIFE_MS) };
    this.live.push(entry);
  }

  private drop(entry: { marker: Marker; timer: ReturnType<typeof setTimeout> }): void {
    clearTimeout(entry.timer);
    entry.marker.remove();
    const i = this.live.indexOf(entry);
    if (i >= 0) this.live.splice(i, 1);
  }

  get size(): number {
    return this.live.length;
  }

  clear(): void {
    while (this.live.length > 0) this.drop(this.live[0]!);
  }
}
