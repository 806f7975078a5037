// The live feed for an unattended wall: an EventSource on /api/events with the token
// as ?access_token= (EventSource cannot send headers). The browser retries by itself
// after a dropped connection; a watchdog re-creates the stream (with the session's
// current token and the last event id) when the browser has given up (a 401/503 while
// the server restarts), when it has hung connecting, and when the token expires.
// New cases go to `onCase` in batches; nothing here grows with time.
import { useEffect, useRef, useState } from 'react';
import { getToken } from '../api/client.ts';

export interface FeedCase {
  id: number;
  code: string;
  type_code: string;
  status: string;
  channel: string;
  grid_id: number | null;
  street_id: number | null;
  lon: number;
  lat: number;
  at: string;
}

export type FeedState = 'connecting' | 'live' | 'down';

const WATCHDOG_MS = 5_000;
/** Re-created when it has been connecting (or closed) this long. */
const STUCK_MS = 20_000;
const FLUSH_MS = 200;

export function useFeed(onCase: (batch: FeedCase[]) => void, onReset: () => void): FeedState {
  const [state, setState] = useState<FeedState>('connecting');
  const caseRef = useRef(onCase);
  const resetRef = useRef(onReset);
  caseRef.current = onCase;
  resetRef.current = onReset;

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let since = Date.now();
    let pending: FeedCase[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | null = null;

    const flush = () => {
      flushTimer = null;
      const batch = pending;
      pending = [];
      if (batch.length > 0) caseRef.current(batch);
    };
    const onCreated = (e: MessageEvent<string>) => {
      lastId = e.lastEventId || lastId;
      try {
        pending.push(JSON.parse(e.data) as FeedCase);
      } catch {
        return;
      }
      // A burst larger than anything shown is cut to its newest cases.
      if (pending.length > 200) pending = pending.slice(-100);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const onOther = (e: MessageEvent<string>) => {
      lastId = e.lastEventId || lastId;
    };
    const onOpen = () => {
      since = Date.now();
      setState('live');
    };
    const onError = () => {
      since = Date.now();
      setState('down');
    };
    const onExpired = () => open();
    const onResetEvent = () => resetRef.current();

    function close() {
      if (!source) return;
      source.removeEventListener('open', onOpen);
      source.removeEventListener('error', onError);
      source.removeEventListener('case.created', onCreated as EventListener);
      source.removeEventListener('case.updated', onOther as EventListener);
      source.removeEventListener('case.transition', onOther as EventListener);
      source.removeEventListener('expired', onExpired);
      source.removeEventListener('reset', onResetEvent);
      source.close();
      source = null;
    }
    function open() {
      close();
      const token = getToken();
      if (!token) {
        setState('down');
        return;
      }
      const q = new URLSearchParams({ access_token: token });
      if (lastId) q.set('last_event_id', lastId);
      since = Date.now();
      setState('connecting');
      source = new EventSource(`/api/events?${q}`);
      source.addEventListener('open', onOpen);
      source.addEventListener('error', onError);
      source.addEventListener('case.created', onCreated as EventListener);
      source.addEventListener('case.updated', onOther as EventListener);
      source.addEventListener('case.transition', onOther as EventListener);
      source.addEventListener('expired', onExpired);
      source.addEventListener('reset', onResetEvent);
    }
    open();
    const watchdog = setInterval(() => {
      if (!source) return open();
      const rs = source.readyState;
      if (rs === EventSource.CLOSED || (rs === EventSource.CONNECTING && Date.now() - since > STUCK_MS)) open();
    }, WATCHDOG_MS);
    return () => {
      clearInterval(watchdog);
      if (flushTimer) clearTimeout(flushTimer);
      close();
    };
  }, []);
  return state;
}
