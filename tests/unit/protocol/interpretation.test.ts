// The interpreter's language pair in HTTP bodies: known ISO 639-1 codes, two different languages,
// and only for an interpreter (core/protocol/interpretationSchema.ts, http.ts, workspace.ts).
import { describe, expect, it } from 'vitest';
import { AddParticipantBody } from '../../../core/protocol/http.js';
import { LANGUAGE_CODES, LANGUAGES } from '../../../core/protocol/interpretation.js';
import { LanguagePair } from '../../../core/protocol/interpretationSchema.js';
import { UpdateParticipantBody } from '../../../core/protocol/workspace.js';

const interpreter = { displayName: 'Phiên dịch Đỗ Thị Hoa', role: 'interpreter' as const };

describe('LanguagePair', () => {
  it('takes two different known languages', () => {
    expect(LanguagePair.parse({ from: 'vi', to: 'en' })).toEqual({ from: 'vi', to: 'en' });
    expect(LanguagePair.safeParse({ from: 'vi', to: 'km' }).success).toBe(true);
  });

  it('refuses an unknown code, the same language twice, a missing side and extra keys', () => {
    expect(LanguagePair.safeParse({ from: 'vi', to: 'xx' }).success).toBe(false);
    expect(LanguagePair.safeParse({ from: 'VI', to: 'en' }).success).toBe(false);
    const same = LanguagePair.safeParse({ from: 'vi', to: 'vi' });
    expect(same.success).toBe(false);
    expect(same.error?.issues[0]).toMatchObject({ path: ['to'], message: 'an interpreter works between two different languages' });
    expect(LanguagePair.safeParse({ from: 'vi' }).success).toBe(false);
    expect(LanguagePair.safeParse({ from: 'vi', to: 'en', via: 'fr' }).success).toBe(false);
  });

  it('every language has a Vietnamese and an English name', () => {
    expect(LANGUAGE_CODES).toContain('vi');
    for (const code of LANGUAGE_CODES) {
      expect(code).toMatch(/^[a-z]{2}$/);
      expect(LANGUAGES[code].vi).toMatch(/^Tiếng /);
      expect(LANGUAGES[code].en.length).toBeGreaterThan(0);
    }
  });
});

describe('AddParticipantBody: languages', () => {
  it('an interpreter may be given a pair, or none', () => {
    expect(AddParticipantBody.parse({ ...interpreter, languages: { from: 'vi', to: 'zh' } }).languages).toEqual({ from: 'vi', to: 'zh' });
    expect(AddParticipantBody.parse(interpreter).languages).toBeUndefined();
  });

  it('anyone else may not', () => {
    const r = AddParticipantBody.safeParse({ displayName: 'Bị cáo', role: 'defendant', languages: { from: 'vi', to: 'en' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['languages'], message: 'languages are set only for an interpreter' });
  });

  it('a bad pair is refused', () => {
    expect(AddParticipantBody.safeParse({ ...interpreter, languages: { from: 'en', to: 'en' } }).success).toBe(false);
  });
});

describe('UpdateParticipantBody: languages', () => {
  it('sets or clears a pair', () => {
    expect(UpdateParticipantBody.parse({ languages: { from: 'vi', to: 'en' } })).toEqual({ languages: { from: 'vi', to: 'en' } });
    expect(UpdateParticipantBody.parse({ languages: null })).toEqual({ languages: null });
  });

  it('refuses a pair together with a role other than interpreter, and a bad pair', () => {
    expect(UpdateParticipantBody.safeParse({ role: 'witness', languages: { from: 'vi', to: 'en' } }).success).toBe(false);
    expect(UpdateParticipantBody.safeParse({ role: 'interpreter', languages: { from: 'vi', to: 'en' } }).success).toBe(true);
    expect(UpdateParticipantBody.safeParse({ languages: { from: 'vi', to: 'vi' } }).success).toBe(false);
  });
});
