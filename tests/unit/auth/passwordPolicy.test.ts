import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/hearing/errors.js';
import { checkPassword, passwordProblem } from '../../../server/auth/passwordPolicy.js';
import { hashPassword, needsRehash, verifyPassword } from '../../../server/auth/passwords.js';

describe('passwordProblem', () => {
  it('accepts a long password that is neither common nor the account’s name', () => {
    expect(passwordProblem('quiet-river-stone-42', { username: 'thuky', displayName: 'Thư ký Lan' })).toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
  });

  it('refuses fewer than 12 characters', () => {
    expect(passwordProblem('abc-def-gh1')).toMatch(/12 characters/);
  });

  it('refuses the most common passwords, whatever their case, separators and digits at the ends', () => {
    for (const p of [
      'password1234',
      'Password123456!',
      'P@ssw0rd2024!',
      'qwertyuiop12',
      '123456789012',
      '111111111111',
      'matkhau12345',
      'admin-123456',
    ]) {
      expect(passwordProblem(p), p).toMatch(/too common|too simple/);
    }
  });

  it('refuses a password with too few different characters', () => {
    expect(passwordProblem('abababababab')).toMatch(/too simple/);
  });

  it('refuses the username or a part of the display name inside the password', () => {
    expect(passwordProblem('my-thuky-is-great', { username: 'thuky' })).toMatch(/username or name/);
    expect(passwordProblem('NguyenRocksHard1', { displayName: 'Trần Nguyen' })).toMatch(/username or name/);
    // Short name parts (two letters) are left alone.
    expect(passwordProblem('anchor-lantern-77', { displayName: 'Văn An' })).toBeNull();
  });

  it('checkPassword throws a ValidationError (400) with the reason', () => {
    expect(() => checkPassword('short')).toThrow(ValidationError);
    expect(() => checkPassword('quiet-river-stone-42')).not.toThrow();
  });
});

describe('password hashes', () => {
  it('carry their scrypt parameters, and a hash with other parameters needs a rehash', async () => {
    const hash = await hashPassword('quiet-river-stone-42');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(needsRehash(hash)).toBe(false);
    const older = hash.replace('scrypt$16384$', 'scrypt$1024$');
    expect(needsRehash(older)).toBe(true);
    expect(needsRehash('bcrypt$whatever')).toBe(true);
    expect(await verifyPassword('quiet-river-stone-42', hash)).toBe(true);
  });
});
