// Every string of the UI goes through i18next: Chinese by default, English on a switch.
// Views add their own namespaces of messages with `addMessages`.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'gridcity.lang';

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl;
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

void i18next.use(initReactI18next).init({
  lng: initialLang(),
  fallbackLng: 'zh',
  resources: { zh: { translation: zh }, en: { translation: en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language === 'en' ? 'en' : 'zh-CN';

export function setLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  void i18next.changeLanguage(lang);
}

export const currentLang = (): Lang => (i18next.language === 'en' ? 'en' : 'zh');

/** Messages of one view, under its own key: t('planner.save'). English must have every Chinese key. */
export function addMessages<T extends Record<string, unknown>>(ns: string, zhMessages: T, enMessages: { [K in keyof T]: T[K] extends string ? string : T[K] }): void {
  i18next.addResourceBundle('zh', 'translation', { [ns]: zhMessages }, true, true);
  i18next.addResourceBundle('en', 'translation', { [ns]: enMessages }, true, true);
}

export { i18next };
