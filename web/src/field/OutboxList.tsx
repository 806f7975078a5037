// The outbox: every report of this device and account, queued, sending, delivered
// (with its case code) or refused (with the server's reason).
import { useTranslation } from 'react-i18next';
import type { OutboxItem } from './outbox.ts';
import type { Outbox } from './useOutbox.ts';

const time = (ms: number | string) => new Date(ms).toLocaleTimeString('zh-CN', { hour12: false });

export function OutboxList({ outbox }: { outbox: Outbox }) {
  const { t } = useTranslation();
  const waiting = outbox.items.filter((i) => i.state === 'queued' || i.state === 'failed').length;
  if (outbox.items.length === 0) return <p className="muted" data-testid="outbox-empty">{t('field.outbox.empty')}</p>;
  return (
    <div className="field-outbox">
      {waiting > 0 && outbox.online && (
        <button type="button" onClick={() => void outbox.flush(true)}>
          {t('field.outbox.sendAll')}
        </button>
      )}
      <ul className="field-list" data-testid="outbox">
        {outbox.items.map((i) => (
          <Row key={i.id} item={i} outbox={outbox} />
        ))}
      </ul>
    </div>
  );
}

function Row({ item: i, outbox }: { item: OutboxItem; outbox: Outbox }) {
  const { t } = useTranslation();
  return (
    <li className={`outbox-item ${i.state}`} data-state={i.state} data-id={i.id}>
      {i.photo && <img src={i.photo} alt="" className="thumb" />}
      <div className="grow">
        <strong>{i.typeName}</strong> <span className={`pill ${i.state}`}>{t(`field.outbox.state.${i.state}`)}</span>
        <div className="muted">
          {time(i.createdAt)} · {i.lon.toFixed(5)}, {i.lat.toFixed(5)}
        </div>
        {i.caseCode && <div data-testid="outbox-case">{t('field.outbox.caseCode', { code: i.caseCode })}</div>}
        {i.state === 'queued' && i.attempts > 0 && <div className="muted">{t('field.outbox.attempts', { count: i.attempts, at: time(i.nextAt) })}</div>}
        {i.error && i.state !== 'sent' && <div className={i.state === 'failed' ? 'bad' : 'muted'}>{i.error}</div>}
      </div>
      {(i.state === 'queued' || i.state === 'failed') && (
        <div className="actions">
          <button type="button" onClick={() => void outbox.retry(i.id)} disabled={!outbox.online}>
            {t('field.outbox.retry')}
          </button>
          {i.state === 'failed' && (
            <button type="button" onClick={() => void outbox.discard(i.id)}>
              {t('field.outbox.discard')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
