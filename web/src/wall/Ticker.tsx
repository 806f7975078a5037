// The live ticker: the newest cases from the feed, newest first (a bounded list).
import { useTranslation } from 'react-i18next';
import type { FeedCase } from './useFeed.ts';
import { clock } from './time.ts';

export interface TickerItem extends FeedCase {
  typeName: string;
}

export function Ticker({ items, state }: { items: TickerItem[]; state: 'connecting' | 'live' | 'down' }) {
  const { t } = useTranslation();
  return (
    <section className="wall-panel wall-ticker" data-testid="ticker" data-state={state}>
      <h2>
        <span className={`wall-dot ${state}`} aria-hidden="true" /> {t('wall.ticker.title')}
        {state !== 'live' && <small className="wall-warn"> · {t('wall.offline')}</small>}
      </h2>
      {items.length === 0 ? (
        <p className="wall-muted">{t('wall.ticker.empty')}</p>
      ) : (
        <ol>
          {items.map((c) => (
            <li key={`${c.id}`} data-code={c.code} className="wall-tick">
              <time>{clock(c.at)}</time>
              <span className="wall-type">{c.typeName}</span>
              <span className="wall-code">{c.code}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
