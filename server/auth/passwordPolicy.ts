// What a new staff password must be: at least 12 characters, not one of the most common passwords
// (a short embedded list, compared without case, leetspeak, and digits or symbols at the ends), and not built around
// the account's own username or display name.
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../core/hearing/errors.js';

export const MIN_PASSWORD_LENGTH = 12;

/** The most common passwords and their stems (leaked-password lists), plus court words. */
const COMMON = new Set(
  [
    'password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfghjkl zxcvbnm abc abcdef abcdefgh letmein',
    'welcome iloveyou admin administrator monkey dragon football baseball sunshine princess master shadow',
    'superman trustno whatever starwars changeme secret matkhau toaan thuky vcourt court judge clerk',
    'qazwsx login hello freedom 123456789012 1234567890 123456789 12345678 1234567 123456 111111 000000',
    '121212 654321',
  ]
    .join(' ')
    .split(' '),
);

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '3': 'e', $: 's', '5': 's', '7': 't' };

/** The password without case, digits and symbols at its ends, and leetspeak ("P@ssw0rd2024!" → "password"). */
function stem(password: string): string {
  return password
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^[\d\W_]+|[\d\W_]+$/g, '')
    .replace(/[@40135$7]/g, (c) => LEET[c] ?? c)
    .replace(/[^\p{L}]/gu, '');
}

/** Why `password` is refused, or null when it may be used. */
export function passwordProblem(password: string, account: { username?: string; displayName?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const s = stem(password);
  if (COMMON.has(lower) || COMMON.has(s) || s.length < 4 || new Set(lower).size < 4) {
    return 'This password is too common or too simple: choose another';
  }
  const names = [account.username, ...(account.displayName ?? '').split(/\s+/), account.displayName?.replace(/\s+/g, '')];
  for (const name of names) {
    const n = name?.toLowerCase();
    if (n && n.length >= 3 && lower.replace(/\s+/g, '').includes(n)) return 'The password may not contain your username or name';
  }
  return null;
}

/** Throws a ValidationError (400) when the password is refused. */
export function checkPassword(password: string, account: { username?: string; displayName?: string } = {}): void {
  const problem = passwordProblem(password, account);
  if (problem) throw new ValidationError(problem);
}

/** A password for an administrator's reset: 144 random bits (24 base64url characters) that the policy accepts. */
export function generatePassword(account: { username?: string; displayName?: string } = {}): string {
  for (;;) {
    const password = randomBytes(18).toString('base64url');
    if (!passwordProblem(password, account)) return password;
  }
}
