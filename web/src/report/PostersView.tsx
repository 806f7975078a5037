// QR posters for staff (/posters): every community's and grid's "scan to report" A4
// poster of a street office or the whole city, made by the server as SVG
// (GET /api/posters/{community|grid}/{code}.svg), shown as sheets and printed one per
// page (print stylesheet in posters.css); each can be downloaded as SVG.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { posterSvg, posters, streets, type Poster } from './api.ts';
import './messages.ts';
import './posters.css';

function Sheet({ poster }: { poster: Poster }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    let url: string | null = null;
    posterSvg(poster.svg, ac.signal).then(
      (text) => {
        url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
        setSrc(url);
      },
      () => undefined,
    );
    return () => {
      ac.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [poster.svg]);
  return (
    <figure className="poster-sheet" data-kind={poster.kind} data-code={poster.code} data-ready={src ? 'true' : 'false'}>
      {src ? <img src={src} alt={`${poster.name} ${poster.code}`} /> : <div className="poster-wait">{t('posters.loading')}</div>}
      <figcaption className="no-print">
        <span>
          {t(`posters.kind.${poster.kind}`)} · {poster.name} <code>{poster.code}</code>
        </span>
        {src && (
          <a href={src} download={`poster-${poster.code}.svg`}>
            {t('posters.download')}
          </a>
        )}
        <a href={poster.report_url} target="_blank" rel="noreferrer">
          {t('posters.open')}
        </a>
      </figcaption>
    </figure>
  );
}

export function PostersView() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [streetList, setStreetList] = useState<{ code: string; name: string; name_en: string | null }[]>([]);
  const [street, setStreet] = useState<string>(() => new URLSearchParams(location.search).get('street') ?? '');
  const [kind, setKind] = useState<'all' | 'community' | 'grid'>('all');
  const [list, setList] = useState<Poster[] | null>(null);
  const [base, setBase] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    streets().then(setStreetList, () => undefined);
  }, []);
  useEffect(() => {
    setList(null);
    setError(null);
    posters(street || null).then(
      (a) => {
        setList(a.posters);
        setBase(a.base_url);
      },
      (e: unknown) => setError(t('posters.failed', { message: e instanceof Error ? e.message : String(e) })),
    );
  }, [street, t]);

  const shown = (list ?? []).filter((p) => kind === 'all' || p.kind === kind);
  return (
    <main className="posters-page">
      <header className="posters-bar no-print">
        <h1>{t('posters.title')}</h1>
        <label>
          {t('posters.street')}
          <select value={street} onChange={(e) => setStreet(e.target.value)} data-testid="street">
            <option value="">{t('posters.city')}</option>
            {streetList.map((s) => (
              <option key={s.code} value={s.code}>
                {(en && s.name_en) || s.name}
              </option>
            ))}
          </select>
        </label>
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label={t('posters.kind.all')}>
          {(['all', 'community', 'grid'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`posters.kind.${k}`)}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => window.print()} data-action="print">
          {t('posters.print')}
        </button>
        {list && <span className="muted" data-testid="poster-count">{t('posters.count', { n: shown.length })}</span>}
        {base && <span className="muted small">{t('posters.base', { url: base })}</span>}
      </header>
      {error && <p role="alert">{error}</p>}
      {!list && !error && <p className="muted">{t('posters.loading')}</p>}
      <div className="poster-sheets">
        {shown.map((p) => (
          <Sheet key={`${p.kind}-${p.code}`} poster={p} />
        ))}
      </div>
    </main>
  );
}
