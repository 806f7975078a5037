// Loads something now and again every `everyMs`, dropping an answer that a newer load
// or an unmount overtook; failures keep the last good value (the wall keeps showing).
import { useEffect, useRef, useState } from 'react';

export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], everyMs: number, kick = 0): { data: T | null; error: unknown } {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    let ctrl: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = () => {
      ctrl?.abort();
      ctrl = new AbortController();
      const mine = ctrl;
      loadRef.current(mine.signal).then(
        (data) => {
          if (live && !mine.signal.aborted) setState({ data, error: null });
        },
        (error: unknown) => {
          if (live && !mine.signal.aborted) setState((s) => ({ data: s.data, error }));
        },
      ).finally(() => {
        if (live && !mine.signal.aborted) timer = setTimeout(run, everyMs);
      });
    };
    run();
    return () => {
      live = false;
      ctrl?.abort();
      if (timer) clearTimeout(timer);
    };
  }, [...deps, everyMs, kick]);
  return state;
}
