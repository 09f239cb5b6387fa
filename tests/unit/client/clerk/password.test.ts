import { describe, expect, it } from 'vitest';
import { GENERATED_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_ALPHABET, generatePassword } from '../../../../client/src/clerk/password.js';

describe('generatePassword', () => {
  it('makes a long password from the alphabet without look-alikes', () => {
    const password = generatePassword();
    expect(password).toHaveLength(GENERATED_LENGTH);
    expect(GENERATED_LENGTH).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    expect([...password].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
    expect(password).not.toMatch(/[01OlI]/);
  });

  it('differs every time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
  });

  it('draws again past the last whole multiple of the alphabet (no bias) and when too simple', () => {
    // Bytes ≥ 224 (56 × 4) are skipped; the rest of that draw is all "a": too simple; the next is good.
    const draws: number[][] = [[255, 250, 224], Array.from({ length: 32 }, (_, i) => i * 3)];
    let call = 0;
    const fake = (bytes: Uint8Array) => {
      const source = draws[Math.min(call++, draws.length - 1)] ?? [];
      bytes.fill(0);
      bytes.set(source.slice(0, bytes.length));
      return bytes;
    };
    const password = generatePassword(fake);
    expect(call).toBe(2); // the first draw fills it with "a"s (too simple); the second is accepted
    expect(password).toBe(Array.from({ length: 16 }, (_, i) => PASSWORD_ALPHABET[(i * 3) % 56]).join(''));
  });
});
