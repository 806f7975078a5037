// The bar of a view opened without signing in: its title, the language, a way to sign in.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function PublicHeader({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <header className="topbar public-header">
      <strong className="brand">{title}</strong>
      <span className="who">{t('app.title')}</span>
      <span className="spacer" />
      <LanguageSwitch />
      <Link href="/login" className="sign-in">
        {t('login.title')}
      </Link>
    </header>
  );
}
