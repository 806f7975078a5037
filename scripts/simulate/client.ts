// The simulator's view of the HTTP API: signs in, keeps the token fresh (signs in
// again shortly before it expires, and once more on a 401), fetches every page of the
// grids, and posts cases. Node's fetch keeps connections alive, so requests reuse
// them.

export class FatalError extends Error {
  override name = 'FatalError';
}

export interface ClientOptions {
  url: string;
  user: string;
  password: string;
  /** Longest a request may take. */
  timeoutMs?: number;
  /** The clock the token's expiry is judged by (tests stop it to see the 401 path). */
  now?: () => number;
}

export interface PostResult {
  status: number;
  /** The error code of a refused request (`{error: {code}}`), or the network error's. */
  code?: string;
  message?: string;
}

export class ApiClient {
  private token: string | null = null;
  private expiresAt = 0;
  private signingIn: Promise<void> | null = null;
  /** Sign-ins so far (the first and every renewal). */
  signIns = 0;

  constructor(private readonly o: ClientOptions) {}

  private get base(): string {
    return this.o.url.replace(/\/+$/, '');
  }

  /** Signs in; a refusal is fatal (FatalError), an unreachable server an ordinary error. */
  async signIn(): Promise<void> {
    this.signingIn ??= (async () => {
      let r: Response;
      try {
        r = await fetch(`${this.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: this.o.user, password: this.o.password }),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        throw new Error(`cannot reach ${this.base}: ${e.cause?.message ?? e.message}`, { cause: err });
      }
      const body = (await r.json().catch(() => ({}))) as { token?: string; expiresAt?: string; error?: { message?: string } };
      if (r.status !== 200 || !body.token) {
        throw new FatalError(`sign-in as ${this.o.user} refused (${r.status}): ${body.error?.message ?? 'no token'}`);
      }
      this.token = body.token;
      this.expiresAt = Date.parse(body.expiresAt ?? '') || Date.now() + 3_600_000;
      this.signIns++;
    })().finally(() => {
      this.signingIn = null;
    });
    return this.signingIn;
  }

  /** A token good for a while yet: renewed when a fifth of its life (at most a minute) is left. */
  private async fresh(): Promise<string> {
    const now = this.o.now?.() ?? Date.now();
    const margin = Math.min(60_000, Math.max(500, (this.expiresAt - now) / 5));
    if (!this.token || now > this.expiresAt - margin) await this.signIn();
    return this.token!;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const go = async () => fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.fresh()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
    });
    const r = await go();
    if (r.status !== 401) return r;
    // Expired or revoked under us: sign in again, once. (Bodies are read to the end so
    // the connection goes back to the pool.)
    await r.arrayBuffer();
    this.token = null;
    return go();
  }

  /** Every grid the account sees, as GeoJSON features (all pages). */
  async grids(): Promise<GeoJSON.Feature[]> {
    const out: GeoJSON.Feature[] = [];
    let next: string | undefined = '/api/grids?limit=1000';
    while (next) {
      const r = await this.send('GET', next);
      if (r.status !== 200) throw new FatalError(`GET ${next} answered ${r.status}: ${await r.text()}`);
      const page = (await r.json()) as GeoJSON.FeatureCollection & { links?: { rel: string; href: string }[] };
      out.push(...page.features);
      next = page.links?.find((l) => l.rel === 'next')?.href;
    }
    return out;
  }

  async postCase(feature: unknown): Promise<PostResult> {
    try {
      const r = await this.send('POST', '/api/cases', feature);
      if (r.status === 201) {
        await r.arrayBuffer();
        return { status: 201 };
      }
      const body = (await r.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      return { status: r.status, code: body.error?.code ?? `http_${r.status}`, ...(body.error?.message ? { message: body.error.message } : {}) };
    } catch (err) {
      if (err instanceof FatalError) throw err;
      const e = err as Error & { cause?: { code?: string } };
      return { status: 0, code: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? 'network'), message: e.message };
    }
  }
}
