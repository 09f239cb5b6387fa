// Two languages, Vietnamese first. `t()` reads the current language; components re-render on a
// switch through `useLang()` (hooks/useLang.ts), which subscribes here.
import { ROLE_LABELS } from '../../core/lib/courtLocale.js';
import { formatCourtDateTime, formatCourtTime, type Instant } from './courtTime.js';
import type { HearingState, Role } from './core/protocol.js';
import { en } from './locales/en.js';
import { vi, type MessageKey } from './locales/vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'vcourt.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage may be blocked (privacy mode); default stays Vietnamese
  }
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();
syncDocument();

function syncDocument(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = current;
  document.title = `${t('app.brand')} — ${t('app.title')}`;
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not persisted; still switched for this page */
  }
  syncDocument();
  for (const listener of [...listeners]) listener();
}

export function toggleLang(): void {
  setLang(current === 'vi' ? 'en' : 'vi');
}

export function subscribeLang(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Translate a key; `{name}` placeholders are filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const template = dictionaries[current][key] ?? vi[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Role names are the court's (core/lib/courtLocale.ts), the same words as in the record. */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role]?.[current] ?? role;
}

export function stateLabel(state: HearingState): string {
  return t(`state.${state}`);
}

/** A date and time in the reader's language, in the court's zone, labelled "GMT+7" (courtTime.ts). */
export function formatDateTime(at: Instant): string {
  return formatCourtDateTime(at, current);
}

/** A time of day in the reader's language, in the court's zone: "14:03:27 GMT+7" (courtTime.ts). */
export function formatTime(at: Instant, seconds = true): string {
  return formatCourtTime(at, current, seconds);
}
