import { changes } from './ui/changes';

/** The languages of the app. */
export type Lang = 'zh' | 'en';

type Messages = Record<string, string>;

const messages: Record<Lang, Messages> = { zh: {}, en: {} };
const langChanges = changes();
const storageKey = 'grok2api_lang';

/** Adds a page's messages; each page keeps its own in src/i18n/<page>.ts. */
export function addMessages(zh: Messages, en: Messages): void {
  Object.assign(messages.zh, zh);
  Object.assign(messages.en, en);
}

function initialLang(): Lang {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'zh' || saved === 'en') {
    return saved;
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((tag) => tag?.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

let lang: Lang = initialLang();
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

/** The language shown now. */
export function currentLang(): Lang {
  return lang;
}

/** Switches the language and remembers the choice in this browser (only the choice: never a key). */
export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  langChanges.notify();
}

/**
 * The text of a message in the current language, with `{name}` placeholders filled in.
 * A key missing in Chinese falls back to English, and a key missing in both shows itself.
 */
export function t(key: string, vars?: Record<string, string | number>): string {
  let text = messages[lang][key] ?? messages.en[key] ?? key;
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  }
  return text;
}

/** Renders the component again when the language changes. */
export function useLang(): Lang {
  return langChanges.use(() => lang);
}

/** Formats a number for the current language. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US').format(value);
}

/** Formats a time (milliseconds since the epoch) for the current language; '—' when absent. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) {
    return '—';
  }
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(ms));
}

/** Formats a size in bytes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
