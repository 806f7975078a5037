// Words of the Open311 answers in the two languages of the platform: Chinese (the
// default) and English, chosen with ?lang= (or ?locale=) zh or en.
import type { CaseStatus } from '../cases/schema.ts';
import type { CaseComplexity } from '../cases/deadlines.ts';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The language of `lang` or `locale` (zh, zh-CN, zh_Hans, en, en-GB, ...); Chinese when neither is given. */
export function langOf(q: { lang?: string; locale?: string }): Lang {
  const raw = (q.lang ?? q.locale ?? 'zh').toLowerCase();
  return raw.startsWith('en') ? 'en' : 'zh';
}

/** A pattern for the lang and locale parameters. */
export const LANG_PATTERN = '^(zh|en)([-_][A-Za-z0-9]{2,8})*$';

/** Statuses after which a case is closed in Open311 terms. */
export const CLOSED_STATUSES: readonly CaseStatus[] = ['closed', 'evaluated', 'cancelled'];

const STATUS_NAMES: Record<CaseStatus, [string, string]> = {
  reported: ['已上报，待核实', 'Reported, awaiting verification'],
  verified: ['已核实，待立案', 'Verified, awaiting registration'],
  registered: ['已立案，待派遣', 'Registered, awaiting dispatch'],
  dispatched: ['已派遣至责任单位', 'Dispatched to the responsible unit'],
  handling: ['处置中', 'Being handled'],
  handled: ['已处置，待核查', 'Handled, awaiting a check'],
  checked: ['已核查，待结案', 'Checked, awaiting closure'],
  closed: ['已结案', 'Closed'],
  evaluated: ['已结案并评价', 'Closed and rated'],
  parked: ['已挂起', 'On hold'],
  cancelled: ['已作废', 'Cancelled'],
};

export function statusName(status: string, lang: Lang): string {
  const names = STATUS_NAMES[status as CaseStatus];
  return names ? names[lang === 'zh' ? 0 : 1] : status;
}

/** status_notes: the detailed status, and the case it duplicates. */
export function statusNotes(status: string, duplicateOf: string | null, lang: Lang): string {
  const name = statusName(status, lang);
  if (!duplicateOf) return name;
  return lang === 'zh' ? `${name}（与 ${duplicateOf} 重复）` : `${name} (duplicate of ${duplicateOf})`;
}

const NOTICES: Record<CaseComplexity, [string, string]> = {
  simple: ['30分钟内响应，24小时内处置完毕。', 'A response within 30 minutes; handled within 24 hours.'],
  complaint: ['30分钟内响应，72小时内办结。', 'A response within 30 minutes; closed within 72 hours.'],
  complex: ['30分钟内响应，3个工作日内反馈进展，15个工作日内办结。', 'A response within 30 minutes; progress reported within 3 working days; closed within 15 working days.'],
};

/** service_notice: what the city commits to for a case of this complexity. */
export function serviceNotice(complexity: string | null, lang: Lang): string | null {
  const n = complexity ? NOTICES[complexity as CaseComplexity] : undefined;
  return n ? n[lang === 'zh' ? 0 : 1] : null;
}

export const COMPONENT_ATTRIBUTE: Record<Lang, { description: string; datatype_description: string }> = {
  zh: {
    description: '问题涉及的城市部件编码（部件标牌或二维码上的16位编码），没有可不填。',
    datatype_description: '16位数字',
  },
  en: {
    description: 'The code of the city component the problem is about (the 16 digits on its plate or QR code); leave empty when there is none.',
    datatype_description: '16 digits',
  },
};
