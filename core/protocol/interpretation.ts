// The interpretation channel, as the wire sees it: an interpreter works for one language pair, set
// by the clerk. Shared with the client (the clerk's form lists the languages): constants and types
// only, nothing that pulls zod into the bundle (the schema is interpretationSchema.ts).

/** Languages an interpreter may work in (ISO 639-1), each with its name in Vietnamese and English:
 *  Vietnamese, and those most often interpreted in Vietnamese courts. */
export const LANGUAGES = {
  vi: { vi: 'Tiếng Việt', en: 'Vietnamese' },
  en: { vi: 'Tiếng Anh', en: 'English' },
  zh: { vi: 'Tiếng Trung', en: 'Chinese' },
  km: { vi: 'Tiếng Khmer', en: 'Khmer' },
  lo: { vi: 'Tiếng Lào', en: 'Lao' },
  th: { vi: 'Tiếng Thái', en: 'Thai' },
  ko: { vi: 'Tiếng Hàn', en: 'Korean' },
  ja: { vi: 'Tiếng Nhật', en: 'Japanese' },
  fr: { vi: 'Tiếng Pháp', en: 'French' },
  ru: { vi: 'Tiếng Nga', en: 'Russian' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type LanguageCode = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as LanguageCode[];

/** The pair an interpreter works between (both ways: `from` is the language of the proceedings). */
export interface LanguagePair {
  from: LanguageCode;
  to: LanguageCode;
}
