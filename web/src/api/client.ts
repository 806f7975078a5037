// The one way the web app talks to the server: JSON in and out, the session's token,
// and the server's errors ({error: {code, message, details}}) as ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setToken(t: string | null): void {
  token = t;
}
export function getToken(): string | null {
  return token;
}
/** Called when the server refuses the token (expired or revoked): the session ends. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
  status: number;
}

export async function request<T>(path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  const text = await r.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!r.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (r.status === 401 && token && onUnauthorized) onUnauthorized();
    throw new ApiError(r.status, e?.code ?? `http_${r.status}`, e?.message ?? r.statusText, e?.details);
  }
  return { data: data as T, etag: r.headers.get('etag'), status: r.status };
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data;
}

/** Tile and style URLs of this server get the session's token (maplibre's transformRequest). */
export function authorizeUrl(url: string): { url: string; headers?: Record<string, string> } {
  const own = url.startsWith(location.origin) || url.startsWith('/');
  return own && token ? { url, headers: { authorization: `Bearer ${token}` } } : { url };
}
