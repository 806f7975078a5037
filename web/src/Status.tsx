import { useEffect, useState } from 'react';

interface Health {
  backend: string;
  postgis: string;
  counts: Record<string, number>;
}

const LABELS: [key: string, zh: string, en: string][] = [
  ['street_offices', '街道', 'Street offices'],
  ['communities', '社区', 'Communities'],
  ['grids', '网格', 'Grids'],
  ['subgrids', '子网格', 'Sub-grids'],
  ['blocks', '街区', 'Street blocks'],
  ['households', '户数', 'Households'],
  ['components', '城市部件', 'Components'],
  ['cases', '案件', 'Cases'],
  ['open_cases', '在办案件', 'Open cases'],
];

export function Status() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [en, setEn] = useState(false);
  useEffect(() => {
    fetch('/api/health')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(setHealth, (e: Error) => setError(e.message));
  }, []);
  return (
    <main>
      <header>
        <h1>{en ? 'gridcity · urban management in the community' : '网格城市 · 城市管理进社区'}</h1>
        <button type="button" onClick={() => setEn(!en)}>{en ? '中文' : 'English'}</button>
      </header>
      {error && <p role="alert">{en ? 'Server not reachable: ' : '无法连接服务：'}{error}</p>}
      {health && (
        <>
          <p>
            {en ? 'Database' : '数据库'}: {health.backend === 'embedded' ? (en ? 'embedded PostGIS' : '内置 PostGIS') : (en ? 'PostGIS server' : 'PostGIS 服务器')} ({health.postgis})
          </p>
          <dl>
            {LABELS.map(([key, zh, label]) => (
              <div key={key}>
                <dt>{en ? label : zh}</dt>
                <dd>{health.counts[key]?.toLocaleString(en ? 'en' : 'zh-CN')}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <nav>
        <a href="/api/grids">/api/grids</a> · <a href="/api/areas">/api/areas</a> · <a href="/api/health">/api/health</a>
      </nav>
    </main>
  );
}
