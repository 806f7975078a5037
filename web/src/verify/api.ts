// The verification queue's calls: open candidates above the threshold with their best
// detections, confirming (a case is registered) or rejecting with a reason, and each
// detector's precision (server/routes/detections.ts).
import { api } from '../api/client.ts';

export interface Detection {
  id: number;
  source_id: string;
  source_kind: 'camera' | 'vehicle';
  external_id: string | null;
  detector: string;
  detector_version: string;
  confidence: number;
  image_url: string | null;
  lon: number;
  lat: number;
  detected_at: string;
}

export interface Candidate {
  id: number;
  type_code: string;
  type_name: string;
  source_kind: 'camera' | 'vehicle';
  lon: number;
  lat: number;
  grid_id: number | null;
  first_seen: string;
  last_seen: string;
  detections: number;
  max_confidence: number;
  status: 'open' | 'confirmed' | 'rejected';
  case_id: number | null;
  case_code: string | null;
  detection_list: Detection[];
}

export interface Queue {
  threshold: number;
  total: number;
  candidates: Candidate[];
}

export interface Precision {
  detector: string;
  candidates: number;
  confirmed: number;
  rejected: number;
  open: number;
  precision: number | null;
}

export const loadQueue = (signal?: AbortSignal) => api<Queue>('/api/detections/queue?limit=100', { signal });
export const loadPrecision = (signal?: AbortSignal) => api<{ from: string; to: string; detectors: Precision[] }>('/api/detections/precision', { signal });
export const confirm = (id: number) => api<{ case_id: number; case_code: string }>(`/api/detections/candidates/${id}/confirm`, { method: 'POST', body: {} });
export const reject = (id: number, reason: string) => api<{ candidate: Candidate }>(`/api/detections/candidates/${id}/reject`, { method: 'POST', body: { reason } });
