// The outbox as the view sees it: the user's reports with their state, kept in
// IndexedDB; sent at once when online, again when the connection returns (the online
// event), and on a timer with backoff. One send at a time per page.
import { useCallback, useEffect, useRef, useState } from 'react';
import { afterFailure, dueItems, type OutboxItem } from './outbox.ts';
import { allItems, deleteItem, putItem } from './outbox-store.ts';
import { sendReport } from './send.ts';

const TICK_MS = 3_000;
/** Delivered reports stay listed this long. */
const KEEP_SENT_MS = 24 * 3_600_000;

export interface Outbox {
  items: OutboxItem[];
  online: boolean;
  /** Saves the report and tries to send it; answers it as it stands after the first try. */
  add(item: OutboxItem): Promise<OutboxItem>;
  flush(force?: boolean): Promise<void>;
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
}

export function useOutbox(user: string): Outbox {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(() => navigator.onLine);
  const busy = useRef<Promise<void> | null>(null);

  const reload = useCallback(async () => {
    const all = await allItems();
    const now = Date.now();
    for (const i of all) if (i.state === 'sent' && now - Date.parse(i.createdAt) > KEEP_SENT_MS) void deleteItem(i.id);
    setItems(all.filter((i) => i.user === user && !(i.state === 'sent' && now - Date.parse(i.createdAt) > KEEP_SENT_MS)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    return all;
  }, [user]);

  const save = useCallback(async (i: OutboxItem) => {
    await putItem(i);
    setItems((list) => list.map((x) => (x.id === i.id ? i : x)));
  }, []);

  const flush = useCallback(
    (force = false): Promise<void> => {
      // Chain behind a send in progress, so two flushes never send the same item at once.
      const run = async () => {
        if (!navigator.onLine) return;
        const all = await allItems();
        // An item left 'sending' by a closed page goes back in the queue.
        for (const i of all) if (i.state === 'sending') i.state = 'queued';
        for (const item of dueItems(all, user, Date.now(), force)) {
          let cur: OutboxItem = { ...item, state: 'sending' };
          await save(cur);
          try {
            cur = await sendReport(cur, save);
          } catch (err) {
            cur = afterFailure(cur, err);
            await save(cur);
            if (cur.state === 'queued' && !navigator.onLine) break;
          }
        }
        await reload();
      };
      const next = (busy.current ?? Promise.resolve()).then(run, run);
      busy.current = next.catch(() => undefined);
      return next;
    },
    [user, save, reload],
  );

  useEffect(() => {
    void reload().then(() => flush());
    const up = () => {
      setOnline(true);
      void flush(true);
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => void flush(), TICK_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, [reload, flush]);

  const add = useCallback(
    async (item: OutboxItem) => {
      await putItem(item);
      setItems((list) => [item, ...list]);
      await flush(true);
      return (await allItems()).find((i) => i.id === item.id) ?? item;
    },
    [flush],
  );

  const retry = useCallback(
    async (id: string) => {
      const i = (await allItems()).find((x) => x.id === id);
      if (i) await save({ ...i, state: 'queued', nextAt: 0 });
      await flush(true);
    },
    [save, flush],
  );

  const discard = useCallback(
    async (id: string) => {
      await deleteItem(id);
      setItems((list) => list.filter((x) => x.id !== id));
    },
    [],
  );

  return { items, online, add, flush, retry, discard };
}
