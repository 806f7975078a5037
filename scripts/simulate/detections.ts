// A simulated stream of machine detections with realistic repeats, for measuring how
// many the intake merges (and whether it merges the right ones). Pure and
// deterministic: the same seed gives the same stream.
//
// Fixed AI cameras watch a spot each; real problems (exposed rubbish, a street vendor,
// piled construction waste, roadside trading) appear near a camera, last from a few
// minutes to hours, and the camera reports them every few minutes while they last
// (missing some frames), the box centre jittering by metres and the confidence varying
// frame to frame. Dash cameras on buses and taxis pass problems on their route now and
// then and report each pass once, with a coarser GPS fix. Some detections are false
// alarms (shadows, parked cars): single, low confidence, anywhere near a camera.
import { Random } from '../../seed/random.ts';

/** Camera-detectable leaf types (暴露垃圾, 流动摊贩, 装修垃圾乱堆放, 占道经营). */
export const CAMERA_TYPES = ['01010101', '02020101', '01020301', '02020201'] as const;

export interface SimCamera {
  id: string;
  kind: 'camera' | 'vehicle';
  /** Where a fixed camera looks (a vehicle: unused). */
  lon: number;
  lat: number;
}

export interface SimDetection {
  source_id: string;
  source_kind: 'camera' | 'vehicle';
  external_id: string;
  detector: string;
  detector_version: string;
  type_code: string;
  confidence: number;
  image_url: string;
  lon: number;
  lat: number;
  detected_at: string;
  /** The true problem it shows (-1: a false alarm). Not sent. */
  event: number;
}

export interface StreamOptions {
  seed: number;
  /** How many detections to make (the stream is cut there). */
  count: number;
  fixedCameras: number;
  vehicles: number;
  /** Spots the fixed cameras watch (lon, lat); cycled when fewer than cameras. */
  spots: readonly [number, number][];
  /** Start of the stream, epoch ms; it spans `hours`. */
  startMs: number;
  hours: number;
  /** Share of false alarms. */
  falseRate: number;
}

const M_LAT = 1 / 111_320;
const mLon = (lat: number) => 1 / (111_320 * Math.cos((lat * Math.PI) / 180));

function offset(rng: Random, lon: number, lat: number, sd: number): [number, number] {
  // Box–Muller: a normal jitter of sd metres in each axis.
  const r = Math.sqrt(-2 * Math.log(1 - rng.next())) * sd;
  const a = 2 * Math.PI * rng.next();
  return [lon + r * Math.cos(a) * mLon(lat), lat + r * Math.sin(a) * M_LAT];
}

const clamp = (x: number) => Math.min(0.99, Math.max(0.05, x));

export function detectionStream(o: StreamOptions): { cameras: SimCamera[]; detections: SimDetection[]; events: number } {
  const rng = new Random(o.seed, 'detections');
  const cameras: SimCamera[] = [];
  for (let i = 0; i < o.fixedCameras; i++) {
    const [lon, lat] = o.spots[i % o.spots.length]!;
    const [x, y] = offset(rng, lon, lat, 30);
    cameras.push({ id: `cam-${String(i + 1).padStart(3, '0')}`, kind: 'camera', lon: x, lat: y });
  }
  for (let i = 0; i < o.vehicles; i++) cameras.push({ id: `bus-${String(i + 1).padStart(3, '0')}`, kind: 'vehicle', lon: 0, lat: 0 });
  const fixed = cameras.filter((c) => c.kind === 'camera');
  const vehicles = cameras.filter((c) => c.kind === 'vehicle');
  const spanMs = o.hours * 3_600_000;
  const out: SimDetection[] = [];
  let events = 0;
  let seq = 0;
  let passed = 0;
  const push = (cam: SimCamera, type: string, at: number, lon: number, lat: number, conf: number, event: number) => {
    seq++;
    out.push({
      source_id: cam.id, source_kind: cam.kind, external_id: `${cam.id}-${seq}`, detector: cam.kind === 'camera' ? 'vision-fixed' : 'vision-dash',
      detector_version: '3.2', type_code: type, confidence: Math.round(clamp(conf) * 1000) / 1000,
      image_url: `https://frames.example/${cam.id}/${seq}.jpg`, lon: Number(lon.toFixed(7)), lat: Number(lat.toFixed(7)),
      detected_at: new Date(Math.min(at, o.startMs + spanMs)).toISOString(), event,
    });
  };
  // Make problems until the stream holds enough detections.
  while (out.length < o.count * 1.2) {
    if (rng.next() < o.falseRate) {
      const cam = fixed[rng.int(0, fixed.length - 1)]!;
      const [lon, lat] = offset(rng, cam.lon, cam.lat, 25);
      push(cam, CAMERA_TYPES[rng.int(0, CAMERA_TYPES.length - 1)]!, o.startMs + rng.next() * spanMs, lon, lat, rng.uniform(0.25, 0.65), -1);
      continue;
    }
    const event = events++;
    // Cameras take turns (each one sees problems), busy spots by chance twice in a row.
    const cam = fixed[rng.next() < 0.2 ? rng.int(0, fixed.length - 1) : event % fixed.length]!;
    const type = CAMERA_TYPES[rng.int(0, CAMERA_TYPES.length - 1)]!;
    const [lon, lat] = offset(rng, cam.lon, cam.lat, 20);
    const start = o.startMs + rng.next() * spanMs;
    // Most problems are short (a vendor moves on, rubbish is cleared); some stay for hours.
    const duration = (rng.next() < 0.7 ? rng.uniform(5, 45) : rng.uniform(45, 240)) * 60_000;
    const strength = rng.uniform(0.55, 0.9);
    for (let t = start; t < start + duration && t < o.startMs + spanMs; t += rng.uniform(3, 10) * 60_000) {
      if (rng.next() < 0.2) continue; // a missed frame
      const [x, y] = offset(rng, lon, lat, 6);
      push(cam, type, t, x, y, strength + rng.uniform(-0.15, 0.1), event);
    }
    // Buses and taxis pass now and then (more often the longer it lasts).
    const passes = vehicles.length ? Math.floor(duration / 3_600_000) + (rng.next() < 0.5 ? 1 : 0) : 0;
    for (let k = 0; k < passes; k++) {
      const v = vehicles[passed++ % vehicles.length]!;
      const [x, y] = offset(rng, lon, lat, 12);
      push(v, type, start + rng.next() * duration, x, y, strength + rng.uniform(-0.25, 0.05), event);
    }
  }
  // Cut at `count`, in time order (the order devices send them).
  const detections = out.sort((a, b) => a.detected_at.localeCompare(b.detected_at) || a.external_id.localeCompare(b.external_id)).slice(0, o.count);
  return { cameras, detections, events: new Set(detections.map((d) => d.event).filter((e) => e >= 0)).size };
}

export interface MergeFigures {
  detections: number;
  candidates: number;
  /** Detections that joined an existing candidate, as a share of all: 1 − candidates / detections. */
  mergeRate: number;
  /** True problems in the stream (false alarms not counted). */
  events: number;
  /** Candidates holding detections of more than one true problem (over-merged). */
  mixed: number;
  /** True problems spread over more than one candidate (under-merged). */
  split: number;
}

/** The figures of a stream once each detection's candidate is known. */
export function mergeFigures(stream: readonly SimDetection[], candidateOf: readonly number[]): MergeFigures {
  const byCandidate = new Map<number, Set<number>>();
  const byEvent = new Map<number, Set<number>>();
  stream.forEach((d, i) => {
    const c = candidateOf[i]!;
    if (!byCandidate.has(c)) byCandidate.set(c, new Set());
    byCandidate.get(c)!.add(d.event);
    if (d.event >= 0) {
      if (!byEvent.has(d.event)) byEvent.set(d.event, new Set());
      byEvent.get(d.event)!.add(c);
    }
  });
  const candidates = byCandidate.size;
  return {
    detections: stream.length,
    candidates,
    mergeRate: stream.length ? 1 - candidates / stream.length : 0,
    events: byEvent.size,
    mixed: [...byCandidate.values()].filter((s) => [...s].filter((e) => e >= 0).length > 1).length,
    split: [...byEvent.values()].filter((s) => s.size > 1).length,
  };
}
