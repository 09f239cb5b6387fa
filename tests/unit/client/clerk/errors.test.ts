// A refusal reads in the clerk's language, by its code; a refused body names the fields by the
// labels on the form, never the server's English (client/src/clerk/errors.ts).
import { describe, expect, it } from 'vitest';
import { clerkErrorText, invalidFields } from '../../../../client/src/clerk/errors.js';
import { RequestError } from '../../../../client/src/core/RequestError.js';

describe('clerkErrorText', () => {
  it('names the fields a 400 points at, by their Vietnamese labels, once each', () => {
    const issues = [
      { path: ['contact', 'email'], message: 'Invalid email address' },
      { path: ['contact', 'phone'], message: 'a phone number' },
      { path: ['contact', 'email'], message: 'Too long' },
    ];
    expect(invalidFields(issues)).toEqual(['Thư điện tử', 'Số điện thoại']);
    const text = clerkErrorText(new RequestError('invalid_input', 'contact.email: Invalid email address', issues));
    expect(text).toContain('Thư điện tử, Số điện thoại');
    expect(text).not.toContain('Invalid');
  });

  it('translates a conflict or a refused state by its code, without the English message', () => {
    const conflict = clerkErrorText(new RequestError('conflict', 'This hearing already has a presiding judge'));
    expect(conflict).toMatch(/Thẩm phán chủ tọa/);
    expect(conflict).not.toMatch(/already/);
    expect(clerkErrorText(new RequestError('invalid_state', 'Only a scheduled hearing can be changed'))).toMatch(/trạng thái hiện tại/);
  });

  it('falls back to the code when a 400 names no known field', () => {
    expect(clerkErrorText(new RequestError('invalid_input', 'The new time must be in the future'))).toMatch(/chưa hợp lệ/);
  });
});
