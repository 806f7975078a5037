import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'zh' : 'en';
  return (
    <button type="button" className="lang-switch" lang={other === 'en' ? 'en' : 'zh-CN'} aria-label={t('lang.label')} onClick={() => setLang(other)}>
      {t('lang.switch')}
    </button>
  );
}
