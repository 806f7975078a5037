import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

export function NoView() {
  const { t } = useTranslation();
  return (
    <main className="login">
      <p role="alert">{t('errors.notAllowed')}</p>
      <Link href="/">{t('login.title')}</Link>
    </main>
  );
}
