// The verification queue (/verify) for the operators who decide on machine detections
// (admins and officers, as the server allows): open candidates above the threshold,
// most confident first, with their frames, type, detector, confidence, time and place
// on the map; confirm (a case is registered with the detections attached and opens in
// the case drawer) or reject with a reason; each detector's precision beside them.
import type { PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { CaseDrawer } from '../cases/CaseDrawer.tsx';
import { dotStyle } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { Toast, useToast } from '../shell/Toast.tsx';
import { confirm, loadPrecision, loadQueue, reject, type Candidate, type Precision, type Queue } from './api.ts';
import { CandidateCard } from './CandidateCard.tsx';
import './messages.ts';
import './verify.css';

const POLL_MS = 15_000;
/** Who may confirm or reject (server/routes/detections.ts OPERATORS); other readers see the queue only. */
const DECIDERS = new Set(['admin', 'officer']);

function FlyTo({ c }: { c: Candidate | null }) {
  const handle = useMap();
  useEffect(() => {
    if (handle && c) handle.map.flyTo({ center: [c.lon, c.lat], zoom: Math.max(handle.map.getZoom(), 16), duration: 400 });
  }, [handle, c]);
  return null;
}

export function VerifyView() {
  const { t } = useTranslation();
  const { user } = useSession();
  const readOnly = !DECIDERS.has(user?.role ?? '');
  const [queue, setQueue] = useState<Queue | null>(null);
  const [precision, setPrecision] = useState<Precision[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Candidate | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [openCase, setOpenCase] = useState<number | null>(null);
  const { toast, say, setToast } = useToast();

  const reload = useCallback(() => {
    loadQueue().then(
      (q) => {
        setQueue(q);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
    loadPrecision().then((p) => setPrecision(p.detectors), () => undefined);
  }, []);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const decide = async (c: Candidate, how: () => Promise<string>) => {
    setBusy(c.id);
    try {
      say(await how());
      setQueue((q) => (q ? { ...q, total: q.total - 1, candidates: q.candidates.filter((x) => x.id !== c.id) } : q));
      if (selected?.id === c.id) setSelected(null);
      reload();
    } catch (e) {
      say((e as Error).message, true);
      reload();
    } finally {
      setBusy(null);
    }
  };

  const onPick = useCallback(
    (info: PickingInfo) => {
      const o = info.object as Candidate | null;
      if (info.layer?.id === 'verify-candidates' && o) setSelected(o);
    },
    [],
  );

  const layers = useMemo(
    () => [
      new ScatterplotLayer<Candidate>({
        id: 'verify-candidates',
        data: queue?.candidates ?? [],
        getPosition: (c) => [c.lon, c.lat],
        getFillColor: (c) => (c.id === selected?.id ? [220, 38, 38, 255] : [234, 88, 12, 210]),
        getRadius: (c) => (c.id === selected?.id ? 11 : 7),
        ...dotStyle(),
        pickable: true,
        updateTriggers: { getFillColor: selected?.id, getRadius: selected?.id },
      }),
    ],
    [queue, selected],
  );

  return (
    <div className="workspace verify" data-testid="verify">
      <section className="verify-list">
        <header>
          <h2>{t('verify.title')}</h2>
          <button type="button" onClick={reload}>
            {t('verify.reload')}
          </button>
        </header>
        {error && <p role="alert">{t('common.error', { message: error })}</p>}
        {queue && <p data-testid="queue-total">{t('verify.queue', { count: queue.total, threshold: queue.threshold })}</p>}
        {queue && queue.candidates.length === 0 && <p className="muted">{t('verify.empty')}</p>}
        <ul className="candidates">
          {(queue?.candidates ?? []).map((c) => (
            <CandidateCard
              key={c.id}
              c={c}
              selected={selected?.id === c.id}
              busy={busy === c.id}
              readOnly={readOnly}
              onSelect={() => setSelected(c)}
              onConfirm={() =>
                void decide(c, async () => {
                  const r = await confirm(c.id);
                  setOpenCase(r.case_id);
                  return t('verify.confirmed', { code: r.case_code });
                })
              }
              onReject={(reason) =>
                void decide(c, async () => {
                  await reject(c.id, reason);
                  return t('verify.rejected');
                })
              }
            />
          ))}
        </ul>
        <h3>{t('verify.precision')}</h3>
        <table className="precision" data-testid="precision">
          <thead>
            <tr>
              {(['detector', 'precision', 'confirmed', 'rejected', 'open'] as const).map((k) => (
                <th key={k}>{t(`verify.precisionCols.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {precision.map((p) => (
              <tr key={p.detector} data-detector={p.detector}>
                <td>{p.detector}</td>
                <td className="num">{p.precision === null ? '—' : `${(p.precision * 100).toFixed(1)}%`}</td>
                <td className="num">{p.confirmed}</td>
                <td className="num">{p.rejected}</td>
                <td className="num">{p.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="verify-map">
        <MapView layers={layers} onPick={onPick}>
          <FlyTo c={selected} />
        </MapView>
      </div>
      {openCase !== null && <CaseDrawer caseId={openCase} onClose={() => setOpenCase(null)} />}
      <Toast toast={toast} onClose={() => setToast(null)} />
    </div>
  );
}
