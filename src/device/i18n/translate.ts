import { en, type MessageId } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { tr } from './tr.js';
import { zh } from './zh.js';

/**
 * The LCD's languages (manual §1 "Multi-Language (e.g. CN/EN/Spain/Portugal/
 * Poland/Turkey/French/Italy etc.)"; registry `lcd.language`). Every text the
 * face shows is a message id looked up in the table of the language in force;
 * an id a table lacks falls back to English, so a partial table still gives a
 * usable phone. Parameters are written `{name}` in the templates.
 */
export type LanguageCode = 'en' | 'zh' | 'es' | 'pt' | 'pl' | 'tr' | 'fr' | 'it';

export type MessageParams = Readonly<Record<string, string | number>>;

/** Text for a message id in one language. */
export type Translate = (id: MessageId, params?: MessageParams) => string;

export type MessageTable = Readonly<Partial<Record<MessageId, string>>>;

export const TRANSLATIONS: Readonly<Record<LanguageCode, MessageTable>> = { en, zh, es, pt, pl, tr, fr, it };

export const LANGUAGE_CODES = Object.keys(TRANSLATIONS) as LanguageCode[];

/**
 * What the Language menu offers: each language in its own words, so a person
 * who cannot read the current one still finds theirs (registry order, §1 list).
 */
export const LANGUAGE_NAMES: Readonly<Record<LanguageCode, string>> = {
  zh: '中文',
  en: 'English',
  es: 'Español',
  pt: 'Português',
  pl: 'Polski',
  tr: 'Türkçe',
  fr: 'Français',
  it: 'Italiano',
};

export function languageCode(value: unknown): LanguageCode {
  const v = String(value);
  return (LANGUAGE_CODES as string[]).includes(v) ? (v as LanguageCode) : 'en';
}

/** `{name}` placeholders replaced by the parameters; an unknown one is left as written. */
export function fillTemplate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

const cache = new Map<LanguageCode, Translate>();

export function translator(language: LanguageCode): Translate {
  let t = cache.get(language);
  if (!t) {
    const table = TRANSLATIONS[language];
    t = (id, params) => fillTemplate(table[id] ?? en[id], params);
    cache.set(language, t);
  }
  return t;
}

export function isMessageId(text: string): text is MessageId {
  return Object.prototype.hasOwnProperty.call(en, text);
}

/** Ids a language's table does not have (they show in English). */
export function missingMessages(language: LanguageCode): MessageId[] {
  const table = TRANSLATIONS[language];
  return (Object.keys(en) as MessageId[]).filter((id) => table[id] === undefined);
}

/**
 * The phone command names the face reports failures of ("Answer failed"):
 * callers pass the English name, the notice shows it in the LCD language.
 */
const COMMANDS: Readonly<Record<string, MessageId>> = {
  Call: 'cmd.call',
  Answer: 'cmd.answer',
  Reject: 'cmd.reject',
  End: 'cmd.end',
  Hold: 'cmd.hold',
  Resume: 'cmd.resume',
  Transfer: 'cmd.transfer',
  Conference: 'cmd.conference',
  DTMF: 'cmd.dtmf',
  'Off hook': 'cmd.offHook',
  'On hook': 'cmd.onHook',
  Speaker: 'cmd.speaker',
  'Voice mail': 'cmd.voicemail',
  Redial: 'cmd.redial',
};

export function commandName(t: Translate, what: string): string {
  const id = COMMANDS[what];
  if (id) return t(id);
  const key = /^Key (\d+)$/.exec(what);
  return key ? t('cmd.key', { n: key[1]! }) : what;
}

/**
 * Why a call ended, as the notice shows it. English keeps the protocol's own
 * words ("486 Busy Here", "remote hangup"); other languages get the known
 * causes translated and the rest as received.
 */
export function endReasonText(t: Translate, language: LanguageCode, reason: string): string {
  if (language === 'en') return reason;
  if (reason === 'remote hangup') return t('end.remoteHangup');
  if (/^(486|600)\b/.test(reason)) return t('end.busy');
  if (/^603\b/.test(reason)) return t('end.declined');
  if (/^(404|484)\b/.test(reason)) return t('end.notFound');
  if (/^(408|480)\b/.test(reason)) return t('end.noAnswer');
  if (reason === 'cancelled' || reason === 'cancelled by caller') return t('end.cancelled');
  return reason;
}
