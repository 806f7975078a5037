// The bar every signed-in view shares: the views of the role, who is signed in, language.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession, VIEWS_BY_ROLE, type View } from '../app/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const LABEL: Record<View, string> = { planner: 'nav.planner', team: 'nav.team', wall: 'nav.wall', 'my-grid': 'nav.myGrid', planning: 'nav.planning', public: 'nav.public', field: 'nav.field', verify: 'nav.verify', report: 'nav.report', track: 'nav.track', posters: 'nav.posters' };

export function TopBar({ current }: { current: View }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const [, navigate] = useLocation();
  const nav = useRef<HTMLElement>(null);
  // On a phone the views scroll sideways in one row: keep the current one in sight.
  useEffect(() => {
    nav.current?.querySelector('a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [current]);
  if (!user) return null;
  return (
    <header className="topbar">
      <strong className="brand">{t('app.title')}</strong>
      <nav ref={nav}>
        {VIEWS_BY_ROLE[user.role].map((v) => (
          <Link key={v} href={`/${v}`} className={v === current ? 'active' : ''} aria-current={v === current ? 'page' : undefined}>
            {t(LABEL[v])}
          </Link>
        ))}
      </nav>
      <span className="who">
        {user.displayName} · {t(`roles.${user.role}`)}
      </span>
      <LanguageSwitch />
      <button
        type="button"
        onClick={() => {
          signOut();
          navigate('/login');
        }}
      >
        {t('nav.signOut')}
      </button>
    </header>
  );
}
