// The case drawer every view shares: one case's status, deadline clock, location,
// description, photos and timeline, its whistles, and the steps the view lets the
// signed-in user take (only those the server says are open to them now). The view
// decides which steps it offers (`actions`); without them the drawer only reads.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { currentLang } from '../i18n/index.ts';
import {
  FINISHED, getCase, getEvents, getSteps, getWhistles, loadChannels, loadDepartments, NEEDS_NOTE, reportToWhistle, takeStep,
  type CaseAction, type CaseEvent, type CaseFeature, type Department, type Named, type OpenStep, type Whistle,
} from './api.ts';
import { DeadlineClock } from './DeadlineClock.tsx';
import './messages.ts';

/** A step of the case loop, or reporting in (报到) to a whistle on the case. */
export type DrawerAction = CaseAction | 'acknowledge_whistle';

export interface CaseDrawerProps {
  caseId: number;
  onClose(): void;
  /** The steps this view offers; the drawer shows those the server has open to the caller now. None: read-only. */
  actions?: readonly DrawerAction[];
  /** After a step or a report changed the case (the view refreshes its lists). */
  onChanged?(c: CaseFeature): void;
  /** Shows the case on the view's map; without it the drawer shows the coordinates only. */
  onLocate?(c: CaseFeature): void;
}

interface Loaded {
  c: CaseFeature;
  version: number | null;
  events: CaseEvent[];
  steps: OpenStep[];
  whistles: Whistle[];
}

const versionOf = (etag: string | null) => {
  const m = etag ? /"v(\d+)"/.exec(etag) : null;
  return m ? Number(m[1]) : null;
};

const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : '—');
const nameOf = (list: Named[], code: string, lang: string) => {
  const n = list.find((x) => x.code === code);
  return n ? (lang === 'en' && n.name_en ? n.name_en : n.name_zh) : code;
};
const actorOf = (a: string | null) => (a ? a.replace(/^(user|person|channel):/, '') : '');
/** A note as the reader's language says it: the server's "recorded by NAME" of a report is translated, people's notes stay as written. */
function noteText(note: string, t: TFunction): string {
  const recorded = /^recorded by (.+)$/.exec(note);
  return recorded ? t('cases.drawer.recordedBy', { who: recorded[1] }) : note;
}

/** "Changed: type, location" for an edit event (its data: {fields: {name: …}, moved?}). */
function editedFields(data: Record<string, unknown> | null, t: TFunction): string {
  const names = [...Object.keys((data?.fields as Record<string, unknown> | undefined) ?? {}), ...(data?.moved ? ['moved'] : [])];
  return t('cases.edited.list', { fields: names.map((n) => t(`cases.edited.${n}`, { defaultValue: n })).join(t('cases.edited.sep')) });
}

export function CaseDrawer({ caseId, onClose, actions = [], onChanged, onLocate }: CaseDrawerProps) {
  const { t } = useTranslation();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState('');
  const [department, setDepartment] = useState('');
  const [departments, setDepartments] = useState<Department[]>([]);
  const [channels, setChannels] = useState<Named[]>([]);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const wantsSteps = actions.some((a) => a !== 'acknowledge_whistle');

  const load = useCallback(
    async (signal?: AbortSignal) => {
      const [one, events, steps, whistles] = await Promise.all([
        getCase(caseId, signal),
        getEvents(caseId, signal),
        wantsSteps ? getSteps(caseId, signal).then((s) => s.mine) : Promise.resolve([] as OpenStep[]),
        getWhistles(`case=${caseId}&limit=50`, signal).then((w) => w.whistles),
      ]);
      const next = { c: one.data, version: versionOf(one.etag), events, steps, whistles };
      setData(next);
      return next;
    },
    [caseId, wantsSteps],
  );

  useEffect(() => {
    const ctl = new AbortController();
    setData(null);
    setError(null);
    setMessage(null);
    load(ctl.signal).catch((e: unknown) => {
      if (ctl.signal.aborted) return;
      setError(e instanceof ApiError && e.status === 404 ? t('cases.drawer.notFound') : t('common.error', { message: (e as Error).message }));
    });
    return () => ctl.abort();
  }, [load, t]);

  useEffect(() => {
    loadDepartments().then(setDepartments, () => undefined);
    loadChannels().then(setChannels, () => undefined);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function run(label: string, fn: () => Promise<unknown>) {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      const next = await load();
      setNote('');
      setPhoto('');
      setMessage({ text: t('cases.drawer.done', { action: label }), bad: false });
      onChanged?.(next.c);
    } catch (e) {
      setMessage({ text: t('cases.drawer.failed', { message: (e as Error).message }), bad: true });
    } finally {
      setBusy(false);
    }
  }

  function step(action: CaseAction) {
    if (!data) return;
    if (NEEDS_NOTE.has(action) && !note.trim()) {
      setMessage({ text: t('cases.drawer.noteNeeded'), bad: true });
      return;
    }
    const input = {
      action,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(photo.trim() ? { photo_url: photo.trim() } : {}),
      ...(action === 'dispatch' && department ? { department } : {}),
    };
    void run(t(`cases.action.${action}`), () => takeStep(caseId, data.version, input));
  }

  const lang = currentLang();
  const c = data?.c;
  const p = c?.properties;
  const offered = data ? data.steps.filter((s) => actions.includes(s.action)) : [];
  const openCalls = data && actions.includes('acknowledge_whistle') && p && !FINISHED.has(p.status)
    ? data.whistles.flatMap((w) => w.calls.filter((k) => !k.reported_at).map((k) => ({ w, k })))
    : [];
  const photos = data ? data.events.filter((e) => e.photo_url).map((e) => ({ url: e.photo_url!, at: e.at, action: e.action })) : [];

  return (
    <aside className="case-drawer" role="dialog" aria-label={t('cases.drawer.title')} data-testid="case-drawer" data-case={caseId}>
      <header>
        <div>
          <h2>{p ? (lang === 'en' && p.type_name_en ? p.type_name_en : p.type_name) : t('cases.drawer.title')}</h2>
          {p && (
            <div className="muted">
              {p.code} · <span className={`status status-${p.status}`} data-testid="case-status">{t(`cases.status.${p.status}`)}</span>
            </div>
          )}
        </div>
        <button type="button" className="close" onClick={onClose} aria-label={t('cases.drawer.close')}>
          ×
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p className="loading">{t('common.loading')}</p>}
      {c && p && data && (
        <div className="body">
          <section className="clock-row">
            <DeadlineClock c={p} />
          </section>
          {message && (
            <p className={message.bad ? 'bad-text' : 'ok-text'} role={message.bad ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
          {(offered.length > 0 || openCalls.length > 0) && (
            <section className="actions" data-testid="case-actions">
              <h3>{t('cases.drawer.actions')}</h3>
              {offered.length > 0 && (
                <>
                  <textarea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('cases.drawer.notePlaceholder')} aria-label={t('cases.drawer.note')} rows={2} />
                  <input type="url" value={photo} onChange={(e) => setPhoto(e.target.value)} placeholder={t('cases.drawer.photoUrl')} aria-label={t('cases.drawer.photoUrl')} />
                  {offered.some((s) => s.action === 'dispatch') && departments.length > 0 && (
                    <select value={department} onChange={(e) => setDepartment(e.target.value)} aria-label={t('cases.drawer.department')}>
                      <option value="">{t('cases.drawer.department')} ({t('cases.route.dispatch')})</option>
                      {departments.map((d) => (
                        <option key={d.code} value={d.code}>
                          {lang === 'en' && d.name_en ? d.name_en : d.name_zh}
                        </option>
                      ))}
                    </select>
                  )}
                  <div className="row">
                    {offered.map((s) => (
                      <button key={s.action} type="button" className={s.action === 'self_handle' ? 'primary' : ''} data-action={s.action} disabled={busy} onClick={() => step(s.action)}>
                        {t(`cases.action.${s.action}`)}
                      </button>
                    ))}
                  </div>
                </>
              )}
              {openCalls.length > 0 && (
                <div className="row">
                  {openCalls.map(({ w, k }) => {
                    const dept = lang === 'en' && k.department_name_en ? k.department_name_en : k.department_name;
                    return (
                      <button
                        key={`${w.id}-${k.department}`}
                        type="button"
                        className="primary"
                        data-action="acknowledge_whistle"
                        data-whistle={w.id}
                        disabled={busy}
                        onClick={() => void run(t('cases.action.whistle_report'), () => reportToWhistle(w.id, k.department, note.trim() || undefined))}
                      >
                        {t('cases.drawer.acknowledge', { dept })}
                      </button>
                    );
                  })}
                </div>
              )}
            </section>
          )}
          {wantsSteps && offered.length === 0 && openCalls.length === 0 && !FINISHED.has(p.status) && <p className="muted">{t('cases.drawer.noActions')}</p>}
          <section>
            <dl className="facts">
              <dt>{t('cases.drawer.reported')}</dt>
              <dd>{fmt(p.reported_at)}</dd>
              <dt>{t('cases.drawer.location')}</dt>
              <dd>
                {p.address ?? '—'}
                <div className="muted">
                  {c.geometry.coordinates[0]!.toFixed(5)}, {c.geometry.coordinates[1]!.toFixed(5)}
                </div>
                {onLocate && (
                  <button type="button" className="link" onClick={() => onLocate(c)}>
                    {t('cases.drawer.showOnMap')}
                  </button>
                )}
              </dd>
              <dt>{t('cases.drawer.channel')}</dt>
              <dd>{nameOf(channels, p.channel, lang)}</dd>
              {p.route && (
                <>
                  <dt>{t('cases.drawer.route')}</dt>
                  <dd>{t(`cases.route.${p.route}`)}</dd>
                </>
              )}
              {p.department && (
                <>
                  <dt>{t('cases.drawer.department')}</dt>
                  <dd>{nameOf(departments, p.department, lang)}</dd>
                </>
              )}
              <dt>{t('cases.drawer.deadlines')}</dt>
              <dd className="muted">
                {p.respond_due && <div>{t('cases.due.respond')}: {fmt(p.respond_due)}</div>}
                {p.progress_due && <div>{t('cases.due.progress')}: {fmt(p.progress_due)}</div>}
                {p.handle_due && <div>{t('cases.due.handle')}: {fmt(p.handle_due)}</div>}
                {p.close_due && <div>{t('cases.due.close')}: {fmt(p.close_due)}</div>}
              </dd>
            </dl>
            {p.description && <p className="description">{p.description}</p>}
            {p.duplicate_of && <p className="muted">{t('cases.drawer.duplicateOf', { id: p.duplicate_of })}</p>}
            {p.repeat_of && <p className="warn-text" data-testid="repeat-of">{t('cases.drawer.repeatOf', { id: p.repeat_of })}</p>}
          </section>
          {photos.length > 0 && (
            <section>
              <h3>{t('cases.drawer.photos')}</h3>
              <div className="photos">
                {photos.map((ph) => (
                  <a key={`${ph.url}-${ph.at}`} href={ph.url} target="_blank" rel="noreferrer" title={`${t(`cases.action.${ph.action}`, { defaultValue: ph.action })} · ${fmt(ph.at)}`}>
                    <img src={ph.url} alt={t(`cases.action.${ph.action}`, { defaultValue: ph.action })} loading="lazy" />
                  </a>
                ))}
              </div>
            </section>
          )}
          {data.whistles.length > 0 && (
            <section>
              <h3>{t('cases.drawer.whistles')}</h3>
              <ul className="whistles">
                {data.whistles.map((w) => (
                  <li key={w.id} data-whistle={w.id}>
                    <div>
                      {fmt(w.blown_at)} · {actorOf(w.blown_by)}：{w.note}
                    </div>
                    <ul>
                      {w.calls.map((k) => (
                        <li key={k.department} className={k.late ? 'bad-text' : ''}>
                          {lang === 'en' && k.department_name_en ? k.department_name_en : k.department_name}:{' '}
                          {k.reported_at ? t('cases.drawer.reportedBy', { who: actorOf(k.reported_by), at: fmt(k.reported_at) }) : t('cases.drawer.callDue', { at: fmt(k.due_at) })}
                          {k.late && ` · ${t('cases.drawer.late')}`}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h3>{t('cases.drawer.timeline')}</h3>
            {data.events.length === 0 ? (
              <p className="muted">{t('cases.drawer.noEvents')}</p>
            ) : (
              <ol className="timeline" data-testid="case-timeline">
                {[...data.events].reverse().map((e) => (
                  <li key={e.id} data-action={e.action}>
                    <div className="when">{fmt(e.at)}</div>
                    <div className="what">
                      <strong>{t(`cases.action.${e.action}`, { defaultValue: e.action })}</strong>
                      {e.from_status !== e.to_status && <span className="muted"> → {t(`cases.status.${e.to_status}`, { defaultValue: e.to_status })}</span>}
                      {e.actor && <span className="muted"> · {actorOf(e.actor)}</span>}
                    </div>
                    {e.note && <div className="note">{noteText(e.note, t)}</div>}
                    {e.action === 'edit' && <div className="note" data-testid="edited-fields">{editedFields(e.data, t)}</div>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </aside>
  );
}
