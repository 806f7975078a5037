// What the case drawer and the case lists read and write: one case with its deadlines,
// its timeline, the steps open to the caller, whistles, and taking a step.
import type { Feature, Point } from 'geojson';
import { api, request } from '../api/client.ts';

export const CASE_STATUSES = ['reported', 'verified', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'evaluated', 'parked', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'verify', 'cancel', 'register', 'dispatch', 'send_back', 'start', 'progress', 'feedback', 'self_handle',
  'check', 'rework', 'close', 'evaluate', 'park', 'unpark', 'request_extension', 'approve_extension', 'reject_extension',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Steps that need a note (server/cases/workflow.ts). */
export const NEEDS_NOTE: ReadonlySet<CaseAction> = new Set(['cancel', 'send_back', 'progress', 'rework', 'park', 'request_extension', 'reject_extension']);
export const FINISHED: ReadonlySet<CaseStatus> = new Set(['closed', 'evaluated', 'cancelled']);

export interface CaseProps {
  code: string;
  channel: string;
  type_code: string;
  type_name: string;
  type_name_en: string | null;
  description: string | null;
  address: string | null;
  status: CaseStatus;
  route: 'self' | 'dispatch' | 'enforcement' | null;
  department: string | null;
  owner_seat: string | null;
  assignee_id: number | null;
  grid_id: number | null;
  subgrid_id: number | null;
  block_id: number | null;
  street_id: number | null;
  reported_at: string;
  responded_at: string | null;
  registered_at: string | null;
  handled_at: string | null;
  closed_at: string | null;
  respond_due: string | null;
  handle_due: string | null;
  close_due: string | null;
  progress_due: string | null;
  progressed_at: string | null;
  next_due: string | null;
  overdue: boolean;
  satisfaction: number | null;
  rework_count: number;
  extension_count: number;
  duplicate_of: number | null;
  /** The closed case this problem came back after (same type, within 50 m, within 30 days). */
  repeat_of: number | null;
  version: number;
}

export type CaseFeature = Feature<Point, CaseProps> & { id: number };

export interface CaseEvent {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  note: string | null;
  photo_url: string | null;
  data: Record<string, unknown> | null;
}

export interface OpenStep {
  action: CaseAction;
  to: CaseStatus;
  roles: string[];
}

export interface WhistleCall {
  department: string;
  department_name: string;
  department_name_en: string | null;
  due_at: string;
  reported_at: string | null;
  reported_by: string | null;
  note: string | null;
  minutes: number | null;
  late: boolean;
}

export interface Whistle {
  id: number;
  case_id: number;
  case_code: string;
  grid_id: number | null;
  type_code: string;
  kind: 'community' | 'cross_department';
  blown_at: string;
  blown_by: string;
  note: string;
  calls: WhistleCall[];
}

export interface Department {
  code: string;
  name_zh: string;
  name_en: string | null;
}

export interface StepInput {
  action: CaseAction;
  note?: string;
  photo_url?: string;
  department?: string;
}

export const getCase = (id: number, signal?: AbortSignal) => request<CaseFeature>(`/api/cases/${id}`, { signal });
export const getEvents = (id: number, signal?: AbortSignal) => api<CaseEvent[]>(`/api/cases/${id}/events`, { signal });
export const getSteps = (id: number, signal?: AbortSignal) => api<{ status: CaseStatus; mine: OpenStep[]; all: OpenStep[] }>(`/api/cases/${id}/transitions`, { signal });
export const getWhistles = (q: string, signal?: AbortSignal) => api<{ whistles: Whistle[]; summary: Record<string, number | null> }>(`/api/whistles?${q}`, { signal });

export function takeStep(id: number, version: number | null, input: StepInput) {
  const headers: Record<string, string> = version === null ? {} : { 'if-match': `"v${version}"` };
  return api<{ event: number; from: CaseStatus; to: CaseStatus; next: OpenStep[]; case: CaseFeature }>(`/api/cases/${id}/transitions`, { method: 'POST', body: input, headers });
}

export const reportToWhistle = (whistleId: number, department: string, note?: string) =>
  api<Whistle>(`/api/whistles/${whistleId}/reports`, { method: 'POST', body: note ? { department, note } : { department } });

export interface Named {
  code: string;
  name_zh: string;
  name_en: string | null;
}

const cache = new Map<string, Promise<Named[]>>();
/** A reference list (departments, channels), loaded once per page. */
function reference(kind: 'departments' | 'channels'): Promise<Named[]> {
  let p = cache.get(kind);
  if (!p) {
    p = api<Named[]>(`/api/reference/${kind}`);
    cache.set(kind, p);
    p.catch(() => cache.delete(kind));
  }
  return p;
}

/** The departments a case may be sent to. */
export const loadDepartments = (): Promise<Department[]> => reference('departments');
/** The intake channels (12345 hotline, grid patrol, ...). */
export const loadChannels = (): Promise<Named[]> => reference('channels');
