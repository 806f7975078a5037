// Follow a resident's report by its tracking code (/track?code=…, no sign-in; or typed
// into the box): the case's steps as a timeline in plain words, the deadline it must
// be closed by, and once it is closed a rating (stars and a comment), sent once.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ApiError } from '../api/client.ts';
import { rate, track, type Tracked } from '../report/api.ts';
import '../report/report.css';
import './messages.ts';

const CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
/** Codes are Crockford base32: read O as 0 and I, L as 1, as people type them. */
const normalise = (s: string) => s.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

function when(iso: string | null, lang: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function Rating({ code, onRated }: { code: string; onRated(): void }) {
  const { t } = useTranslation();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!stars) return;
    setBusy(true);
    setError(null);
    try {
      await rate(code, stars, comment.trim() || undefined);
      onRated();
    } catch (err) {
      setError(t('track.rate.failed', { message: err instanceof Error ? err.message : String(err) }));
      setBusy(false);
    }
  };
  return (
    <form className="track-rate" onSubmit={send}>
      <h2>{t('track.rate.title')}</h2>
      <div className="stars" role="radiogroup" aria-label={t('track.rate.title')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" role="radio" aria-checked={stars === n} aria-label={t('track.rate.stars', { n })} data-stars={n} className={n <= stars ? 'on' : ''} onClick={() => setStars(n)}>
            ★
          </button>
        ))}
      </div>
      <textarea rows={2} maxLength={500} value={comment} placeholder={t('track.rate.comment')} onChange={(e) => setComment(e.target.value)} />
      {error && <p role="alert">{error}</p>}
      <button type="submit" className="primary big" disabled={!stars || busy} data-action="rate">
        {busy ? t('track.rate.sending') : t('track.rate.send')}
      </button>
    </form>
  );
}

export function TrackView() {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [code, setCode] = useState(() => normalise(new URLSearchParams(location.search).get('code') ?? ''));
  const [typed, setTyped] = useState(code);
  const [data, setData] = useState<Tracked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);

  const load = useCallback(
    (c: string, signal?: AbortSignal) => {
      if (!c) return;
      if (!CODE.test(c)) {
        setError(t('track.badCode'));
        setData(null);
        return;
      }
      setBusy(true);
      setError(null);
      track(c, i18n.language, signal).then(
        (d) => {
          setData(d);
          setBusy(false);
        },
        (e: unknown) => {
          if (signal?.aborted) return;
          setBusy(false);
          setData(null);
          setError(e instanceof ApiError && e.status === 404 ? t('track.notFound') : t('track.failed', { message: e instanceof Error ? e.message : String(e) }));
        },
      );
    },
    [t, i18n.language],
  );

  useEffect(() => {
    const ac = new AbortController();
    load(code, ac.signal);
    return () => ac.abort();
  }, [code, load]);

  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    const c = normalise(typed);
    setThanks(false);
    navigate(`/track?code=${c}`, { replace: true });
    if (c === code) load(c);
    else setCode(c);
  };

  const req = data?.request;
  const ext = req?.extended_attributes;
  const history = [...(ext?.history ?? [])].reverse();
  return (
    <main className="report-page track-page">
      <form className="track-box" onSubmit={lookUp}>
        <label>
          {t('track.codeLabel')}
          <input value={typed} placeholder={t('track.codePlaceholder')} maxLength={14} autoCapitalize="characters" spellCheck={false} onChange={(e) => setTyped(e.target.value)} data-testid="code-input" />
        </label>
        <button type="submit" className="primary">
          {t('track.look')}
        </button>
      </form>
      {busy && !data && <p className="muted">{t('track.loading')}</p>}
      {error && <p role="alert">{error}</p>}
      {data && (
        <section className="track-case" data-status={data.status}>
          <p className="tracking-code small-code">{data.tracking_code}</p>
          <dl>
            {req?.service_name && (
              <>
                <dt>{t('track.problem')}</dt>
                <dd>{req.service_name}</dd>
              </>
            )}
            <dt>{t('track.reported')}</dt>
            <dd>{when(req?.requested_datetime ?? null, i18n.language)}</dd>
            {req?.expected_datetime && (
              <>
                <dt>{t('track.due')}</dt>
                <dd data-testid="due">
                  {when(req.expected_datetime, i18n.language)}
                  {ext?.overdue && !['closed', 'evaluated', 'cancelled'].includes(data.status) && <span className="warn-text"> · {t('track.overdue')}</span>}
                </dd>
              </>
            )}
          </dl>
          {ext?.duplicate_of && <p className="muted">{t('track.duplicate')}</p>}
          <h2>{t('track.progress')}</h2>
          <ol className="timeline" data-testid="timeline">
            {history.map((h, i) => (
              <li key={i} data-status={h.status} className={i === 0 ? 'now' : ''}>
                <strong>{t(`track.steps.${h.status}`, { defaultValue: h.status })}</strong>
                <time dateTime={h.datetime ?? undefined}>{when(h.datetime, i18n.language)}</time>
              </li>
            ))}
          </ol>
          {data.rating !== null ? (
            <p className="track-rated" data-rating={data.rating}>
              {thanks && <strong>{t('track.rate.thanks')} </strong>}
              {t('track.rate.yours', { n: data.rating })} {'★'.repeat(data.rating)}
            </p>
          ) : data.can_rate ? (
            <Rating
              code={data.tracking_code}
              onRated={() => {
                setThanks(true);
                load(data.tracking_code);
              }}
            />
          ) : (
            <p className="muted">{t('track.rate.wait')}</p>
          )}
        </section>
      )}
      <Link href="/report" className="muted small">
        {t('track.reportAnother')}
      </Link>
    </main>
  );
}
