// The residents' report API (server/routes/public-reports.ts, report-page.ts) and the
// staff's QR posters (server/routes/posters.ts).
import { api } from '../api/client.ts';

export interface ReportType {
  key: string;
  type_code: string;
  name_zh: string;
  name_en: string;
  hint_zh: string;
  hint_en: string;
}

export interface ReportPlace {
  kind: 'community' | 'grid';
  code: string;
  name: string;
  name_en: string | null;
  community: string;
  community_en: string | null;
  street: string;
  street_en: string | null;
  centre: [number, number];
  bbox: [number, number, number, number];
}

export interface NewReport {
  type_code: string;
  lon: number;
  lat: number;
  description?: string;
  community?: string;
  name?: string;
  phone?: string;
  photos?: string[];
}

export interface Filed {
  tracking_code: string;
  case_code: string;
  service_notice: string | null;
  status_url: string;
}

export interface HistoryStep {
  datetime: string | null;
  from_status: string | null;
  status: string;
}

export interface Tracked {
  tracking_code: string;
  case_code: string;
  status: string;
  rating: number | null;
  rated_at: string | null;
  can_rate: boolean;
  request: {
    service_name: string | null;
    description: string | null;
    requested_datetime: string | null;
    expected_datetime: string | null;
    service_notice: string | null;
    extended_attributes?: { detailed_status: string; overdue: boolean; duplicate_of: string | null; history: HistoryStep[] };
  } | null;
}

export interface Poster {
  kind: 'community' | 'grid';
  code: string;
  name: string;
  name_en: string | null;
  community: string;
  street: string;
  street_code: string;
  report_url: string;
  svg: string;
}

export const reportTypes = (signal?: AbortSignal) => api<{ types: ReportType[] }>('/api/public/report-types', { signal }).then((a) => a.types);
export const reportPlace = (code: string, signal?: AbortSignal) => api<ReportPlace>(`/api/public/report-places/${encodeURIComponent(code)}`, { signal });
export const fileReport = (body: NewReport) => api<Filed>('/api/public/reports', { method: 'POST', body });
/** The report by its tracking code, with the problem's name and the steps' words in `lang`. */
export const track = (code: string, lang: string, signal?: AbortSignal) =>
  api<Tracked>(`/api/public/reports/${encodeURIComponent(code)}?lang=${lang.startsWith('en') ? 'en' : 'zh'}`, { signal });
export const rate = (code: string, rating: number, comment?: string) =>
  api<{ rating: number }>(`/api/public/reports/${encodeURIComponent(code)}/rating`, { method: 'POST', body: comment ? { rating, comment } : { rating } });

export const streets = () =>
  api<{ features: { properties: { code: string; name: string; name_en: string | null } }[] }>('/api/areas?level=street').then((a) => a.features.map((f) => f.properties));
export const posters = (street: string | null) =>
  api<{ base_url: string; count: number; posters: Poster[] }>(`/api/posters${street ? `?street=${street}` : ''}`);
/** The poster's SVG text (signed in: the request carries the token). */
export const posterSvg = (url: string, signal?: AbortSignal) => api<string>(url, { signal, headers: { accept: 'image/svg+xml' } });
