// The deadline clock: time left to the deadline a case must meet next, or how long it
// is overdue, ticking every 30 s.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseProps } from './api.ts';
import { clockOf, formatDuration } from './deadline.ts';
import './messages.ts';

/** The current time, renewed every `ms`. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function DeadlineClock({ c, compact = false }: { c: CaseProps; compact?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const clock = clockOf(c, now);
  if (clock.due === null || clock.left === null) {
    return (
      <span className="deadline-clock none" data-testid="deadline-clock" data-state="none">
        {t('cases.clock.none')}
      </span>
    );
  }
  const units = { d: t('cases.clock.d'), h: t('cases.clock.h'), m: t('cases.clock.m') };
  const span = formatDuration(clock.left, units);
  const state = clock.overdue ? 'overdue' : clock.soon ? 'soon' : 'ok';
  const kind = clock.kind ? t(`cases.due.${clock.kind}`) : '';
  const text = clock.overdue ? t('cases.clock.overdue', { span }) : t('cases.clock.left', { span });
  return (
    <span className={`deadline-clock ${state}`} data-testid="deadline-clock" data-state={state} title={new Date(clock.due).toLocaleString()}>
      {!compact && kind && <span className="kind">{kind}</span>}
      <strong>{text}</strong>
    </span>
  );
}
