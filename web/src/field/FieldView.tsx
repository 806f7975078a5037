// Field reporting (/field), phone first: a small map with where you stand (tap it to
// move the point), then report in three taps, the open cases around you, and the
// outbox of reports not yet delivered. Works without a connection: reports wait in
// the outbox (IndexedDB) and are sent, once each, when it returns.
import type { PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { CaseDrawer, type DrawerAction } from '../cases/CaseDrawer.tsx';
import { currentLang } from '../i18n/index.ts';
import { dotStyle } from '../map/colours.ts';
import { MapView, useMap } from '../map/MapView.tsx';
import { Toast, useToast } from '../shell/Toast.tsx';
import { loadNearby, NEARBY_RADIUS_M, type NearbyCase } from './nearby.ts';
import type { OutboxItem } from './outbox.ts';
import { OutboxList } from './OutboxList.tsx';
import { ReportPanel } from './ReportPanel.tsx';
import { loadFieldTypes, type FieldType } from './types.ts';
import { useOutbox } from './useOutbox.ts';
import { usePosition, type Position } from './usePosition.ts';
import './field.css';
import './messages.ts';

/** Steps a patrol takes on a case nearby (the server decides which are open). */
export const FIELD_ACTIONS: readonly DrawerAction[] = ['verify', 'self_handle', 'start', 'progress', 'feedback'];

type Tab = 'report' | 'nearby' | 'outbox';
const TABS: Tab[] = ['report', 'nearby', 'outbox'];

/** Centres the map on the position when it comes from the phone (not when tapped). */
function Follow({ position }: { position: Position | null }) {
  const handle = useMap();
  const first = useRef(true);
  useEffect(() => {
    if (!handle || !position || position.source === 'manual') return;
    handle.map.jumpTo({ center: [position.lon, position.lat], zoom: first.current ? 16 : handle.map.getZoom() });
    first.current = false;
  }, [handle, position]);
  return null;
}

export function FieldView() {
  const { t } = useTranslation();
  const { user } = useSession();
  const username = user?.username ?? '';
  const outbox = useOutbox(username);
  const { position, denied, hasGps, setAt, backToGps } = usePosition();
  const [types, setTypes] = useState<FieldType[]>([]);
  const [typesError, setTypesError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('report');
  const [nearby, setNearby] = useState<NearbyCase[] | null>(null);
  const [nearbyStale, setNearbyStale] = useState(false);
  const [openCase, setOpenCase] = useState<number | null>(null);
  const { toast, say, setToast } = useToast();
  const lang = currentLang();

  useEffect(() => {
    loadFieldTypes().then(setTypes, (e: Error) => setTypesError(e.message));
  }, []);

  const lon = position?.lon;
  const lat = position?.lat;
  const reloadNearby = useCallback(() => {
    if (lon === undefined || lat === undefined) return;
    loadNearby({ lon, lat }).then(
      (n) => {
        setNearby(n);
        setNearbyStale(false);
      },
      () => setNearbyStale(true),
    );
  }, [lon, lat]);
  useEffect(() => {
    if (!outbox.online) return;
    const timer = setTimeout(reloadNearby, 300);
    return () => clearTimeout(timer);
  }, [reloadNearby, outbox.online]);

  // A report delivered (now or from the outbox later) shows among the cases around.
  const delivered = outbox.items.filter((i) => i.state === 'sent').length;
  useEffect(() => {
    if (delivered > 0) reloadNearby();
  }, [delivered, reloadNearby]);

  const onPick = useCallback(
    (info: PickingInfo) => {
      const o = info.object as NearbyCase | null;
      if (info.layer?.id === 'field-nearby' && o) setOpenCase(o.c.id);
      else if (info.coordinate) setAt(info.coordinate[0]!, info.coordinate[1]!);
    },
    [setAt],
  );

  const submit = async (item: OutboxItem) => {
    const after = await outbox.add(item);
    if (after.state === 'sent') {
      say(after.mergedInto ? t('field.mergedToast', { code: after.mergedInto }) : t(after.selfHandle ? 'field.handledToast' : 'field.sentToast', { code: after.caseCode }));
      reloadNearby();
    } else if (after.state === 'failed') say(after.error ?? '', true);
    else say(t('field.queuedToast'));
  };

  const layers = useMemo(
    () => [
      new ScatterplotLayer<NearbyCase>({
        id: 'field-nearby',
        data: nearby ?? [],
        getPosition: (n) => n.c.geometry.coordinates as [number, number],
        getFillColor: (n) => (n.c.properties.overdue ? [220, 38, 38, 230] : [217, 119, 6, 220]),
        getRadius: 6,
        ...dotStyle(),
        pickable: true,
      }),
      position &&
        new ScatterplotLayer<Position>({
          id: 'field-me',
          data: [position],
          getPosition: (p) => [p.lon, p.lat],
          getFillColor: position.source === 'manual' ? [124, 58, 237, 255] : [37, 99, 235, 255],
          getRadius: 9,
          ...dotStyle(3),
        }),
    ],
    [nearby, position],
  );

  const waiting = outbox.items.filter((i) => i.state === 'queued' || i.state === 'sending' || i.state === 'failed').length;
  const where = position
    ? position.source === 'manual'
      ? t('field.position.manual')
      : t('field.position.gps', { accuracy: position.accuracy ?? '?' })
    : denied
      ? t('field.position.denied')
      : t('field.position.waiting');

  return (
    <div className="field" data-testid="field" data-online={outbox.online ? 'true' : 'false'}>
      <div className="field-map">
        <MapView layers={layers} onPick={onPick}>
          <Follow position={position} />
        </MapView>
      </div>
      <div className="field-where" data-testid="position" data-lon={position?.lon} data-lat={position?.lat} data-source={position?.source}>
        <span>{where}</span>
        {position && <span className="muted"> {position.lon.toFixed(5)}, {position.lat.toFixed(5)}</span>}
        {position?.source === 'manual' && hasGps && (
          <button type="button" className="link" onClick={backToGps}>
            {t('field.position.useGps')}
          </button>
        )}
        {position?.source !== 'manual' && <span className="muted"> · {t('field.position.hint')}</span>}
      </div>
      <nav className="tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-tab={id} onClick={() => setTab(id)}>
            {t(`field.tabs.${id}`)}
            {id === 'outbox' && waiting > 0 && <span className="badge" data-testid="outbox-count">{waiting}</span>}
            {id === 'nearby' && nearby && nearby.length > 0 && <span className="badge soft">{nearby.length}</span>}
          </button>
        ))}
      </nav>
      <section className="field-panel">
        {typesError && types.length === 0 && <p role="alert">{t('common.error', { message: typesError })}</p>}
        {tab === 'report' && <ReportPanel user={username} channel="grid_patrol" types={types} position={position} online={outbox.online} onSubmit={submit} />}
        {tab === 'nearby' && (
          <div data-testid="nearby">
            <h3>
              {t('field.nearby.title', { radius: NEARBY_RADIUS_M })}{' '}
              <button type="button" className="link" onClick={reloadNearby} disabled={!outbox.online}>
                {t('field.nearby.reload')}
              </button>
            </h3>
            {(nearbyStale || !outbox.online) && <p className="muted">{t('field.nearby.stale')}</p>}
            {nearby && nearby.length === 0 && <p className="muted">{t('field.nearby.none')}</p>}
            <ul className="field-list">
              {(nearby ?? []).map(({ c, m }) => (
                <li key={c.id} data-case={c.id}>
                  <button type="button" className="case-row" onClick={() => setOpenCase(c.id)}>
                    <strong>{lang === 'en' && c.properties.type_name_en ? c.properties.type_name_en : c.properties.type_name}</strong>
                    <span className="muted"> {c.properties.code}</span>
                    <span className={c.properties.overdue ? 'bad' : 'muted'}> · {t(`cases.status.${c.properties.status}`)}</span>
                    <span className="dist">{t('field.nearby.distance', { m: Math.round(m) })}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {tab === 'outbox' && <OutboxList outbox={outbox} />}
      </section>
      {openCase !== null && <CaseDrawer caseId={openCase} onClose={() => setOpenCase(null)} actions={FIELD_ACTIONS} onChanged={reloadNearby} />}
      <Toast toast={toast} onClose={() => setToast(null)} />
    </div>
  );
}
