// Who is signed in: the token and user, kept in sessionStorage for reloads, renewed
// before it expires, and ended when the server refuses it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setToken, setUnauthorizedHandler } from '../api/client.ts';
import * as sessionApi from '../api/session-api.ts';
import type { LoginAnswer, Role, User } from '../api/types.ts';

const STORAGE_KEY = 'gridcity.session';
const RETRY_MS = 15_000;

export type View = 'planner' | 'team' | 'wall' | 'my-grid' | 'planning' | 'public' | 'field' | 'verify' | 'report' | 'track' | 'posters';

/** The views each role may open, the first one being its home. */
export const VIEWS_BY_ROLE: Record<Role, View[]> = {
  admin: ['planner', 'team', 'wall', 'planning', 'public', 'verify', 'field', 'posters'],
  planner: ['planner', 'team', 'planning', 'public', 'posters'],
  command: ['wall', 'public', 'verify', 'posters'],
  officer: ['planning', 'wall', 'public', 'verify', 'field', 'posters'],
  grid_chief: ['my-grid', 'public', 'field', 'posters'],
  public: ['public'],
};

interface Stored {
  token: string;
  expiresAt: string;
  user: User;
}

interface SessionValue {
  user: User | null;
  ended: boolean;
  signIn(username: string, password: string): Promise<User>;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

function load(): Stored | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (s && Date.parse(s.expiresAt) > Date.now() + 5_000) return s;
  } catch {
    // a damaged entry: start signed out
  }
  return null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(() => {
    const s = load();
    setToken(s?.token ?? null);
    return s;
  });
  const [ended, setEnded] = useState(false);

  const keep = useCallback((a: LoginAnswer | null) => {
    setToken(a?.token ?? null);
    if (a) sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: a.token, expiresAt: a.expiresAt, user: a.user }));
    else sessionStorage.removeItem(STORAGE_KEY);
    setStored(a ? { token: a.token, expiresAt: a.expiresAt, user: a.user } : null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      keep(null);
      setEnded(true);
    });
    return () => setUnauthorizedHandler(null);
  }, [keep]);

  // Renew the token when three quarters of its life have passed; when the server cannot
  // be reached (a restart), try again every RETRY_MS while the token still holds, so an
  // unattended screen (the wall map) keeps its session through an outage.
  useEffect(() => {
    if (!stored) return;
    const expires = Date.parse(stored.expiresAt);
    let timer: ReturnType<typeof setTimeout>;
    const attempt = () => {
      sessionApi.refresh().then(keep, () => {
        if (expires - Date.now() > RETRY_MS) timer = setTimeout(attempt, RETRY_MS);
      });
    };
    timer = setTimeout(attempt, Math.max(1_000, (expires - Date.now()) * 0.75));
    return () => clearTimeout(timer);
  }, [stored, keep]);

  const value = useMemo<SessionValue>(
    () => ({
      user: stored?.user ?? null,
      ended,
      async signIn(username, password) {
        const a = await sessionApi.login(username, password);
        setEnded(false);
        keep(a);
        return a.user;
      },
      signOut() {
        keep(null);
      },
    }),
    [stored, ended, keep],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export const homeOf = (role: Role): View => VIEWS_BY_ROLE[role][0] ?? 'public';
