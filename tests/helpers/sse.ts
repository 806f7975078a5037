// A small server-sent-events client for tests: reads a text/event-stream response
// as it arrives and parses it the way a browser's EventSource does (id, event,
// data, retry; comment lines kept for heartbeat checks).

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
  /** When the message was complete (performance.now()). */
  at: number;
}

export interface SseStream {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  comments: string[];
  retry: number | undefined;
  /** Every byte received, as text. */
  raw(): string;
  /** Resolves with the first message (from the start) matching `test`; rejects after `timeoutMs`. */
  next(test: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves once a comment matching `test` arrived. */
  comment(test: (c: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const r = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let text = '';
  let buffer = '';
  let retry: number | undefined;
  let lastId: string | undefined;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const parse = () => {
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          comments.push(line.slice(1).trim());
          continue;
        }
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'id') lastId = value;
        else if (field === 'event') event = value;
        else if (field === 'data') {
          data.push(value);
          hasData = true;
        } else if (field === 'retry') retry = Number(value);
      }
      if (hasData) messages.push({ id: lastId, event, data: data.join('\n'), at: performance.now() });
    }
    wake();
  };
  let done = false;
  const ended = (async () => {
    if (!r.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        const s = decoder.decode(chunk, { stream: true });
        text += s;
        buffer += s;
        parse();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      wake();
    }
  })();
  const waitFor = <T>(find: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (done) {
          finish();
          reject(new Error(`stream ended before ${what}; received:\n${text.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} within ${timeoutMs} ms; received:\n${text.slice(-2000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    status: r.status,
    headers: r.headers,
    messages,
    comments,
    get retry() {
      return retry;
    },
    raw: () => text,
    next: (test, timeoutMs = 5_000) => waitFor(() => messages.find(test), 'matching event', timeoutMs),
    comment: (test, timeoutMs = 5_000) => waitFor(() => comments.find(test), 'matching comment', timeoutMs),
    ended,
    close: () => abort.abort(),
  };
}

/** The JSON data of a message. */
export const dataOf = <T = Record<string, unknown>>(m: SseMessage) => JSON.parse(m.data) as T;
