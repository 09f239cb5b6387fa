import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  AddParticipantBody,
  CreateCaseBody,
  CreateHearingBody,
  CreateSiteBody,
  LoginBody,
  SearchQuery,
} from '../../../core/protocol/http.js';

const ok = (schema: ZodType, value: unknown) => expect(schema.safeParse(value).success).toBe(true);
const bad = (schema: ZodType, value: unknown) => expect(schema.safeParse(value).success).toBe(false);

const NON_OBJECTS = [null, undefined, 'x', 42, true, [], [{}]];

interface BodyCase {
  name: string;
  schema: ZodType;
  valid: Record<string, unknown>;
  required: string[];
  /** field → a value of the wrong type */
  wrongTypes: Record<string, unknown>;
  /** field → its maximum length */
  maxLengths: Record<string, number>;
}

const BODIES: BodyCase[] = [
  {
    name: 'LoginBody',
    schema: LoginBody,
    valid: { username: 'admin', password: 'secret' },
    required: ['username', 'password'],
    wrongTypes: { username: 1, password: { $gt: '' } },
    maxLengths: { username: 64, password: 256 },
  },
  {
    name: 'CreateSiteBody',
    schema: CreateSiteBody,
    valid: { name: 'Courtroom 1', kind: 'courtroom' },
    required: ['name', 'kind'],
    wrongTypes: { name: ['Courtroom'], kind: 'prison' },
    maxLengths: { name: 200 },
  },
  {
    name: 'CreateCaseBody',
    schema: CreateCaseBody,
    valid: { number: 'HS-1/2025', title: 'State v. Doe' },
    required: ['number', 'title'],
    wrongTypes: { number: 2025, title: null },
    maxLengths: { number: 64, title: 500 },
  },
  {
    name: 'CreateHearingBody',
    schema: CreateHearingBody,
    valid: { caseId: 'c-1', title: 'Hearing', scheduledAt: '2025-03-01T09:00:00+07:00', courtroomSiteId: 's-1' },
    required: ['caseId', 'title', 'scheduledAt'],
    wrongTypes: { caseId: 7, scheduledAt: 1740794400000, courtroomSiteId: false },
    maxLengths: { caseId: 64, title: 500, courtroomSiteId: 64 },
  },
  {
    name: 'AddParticipantBody',
    schema: AddParticipantBody,
    valid: { displayName: 'Jane Doe', role: 'defendant', siteId: 's-1', expiresInSeconds: 3600 },
    required: ['displayName', 'role'],
    wrongTypes: { displayName: 3, role: 'president', siteId: {}, expiresInSeconds: '3600' },
    maxLengths: { displayName: 200, siteId: 64 },
  },
];

describe('HTTP body schemas', () => {
  describe.each(BODIES)('$name', ({ schema, valid, required, wrongTypes, maxLengths }) => {
    it('accepts a well-formed body', () => ok(schema, valid));

    it.each(NON_OBJECTS)('rejects the non-object %j', (value) => bad(schema, value));

    it.each(required)('rejects a body without %s', (field) => {
      const { [field]: _gone, ...rest } = valid;
      bad(schema, rest);
    });

    it.each(Object.entries(wrongTypes))('rejects %s of the wrong type (%j)', (field, value) => {
      bad(schema, { ...valid, [field]: value });
    });

    it('rejects extra keys', () => {
      bad(schema, { ...valid, isAdmin: true });
      bad(schema, { ...valid, id: 'chosen-by-client' });
    });

    it.each(Object.entries(maxLengths))('accepts %s at its maximum length (%i) and refuses one more', (field, max) => {
      ok(schema, { ...valid, [field]: 'a'.repeat(max) });
      bad(schema, { ...valid, [field]: 'a'.repeat(max + 1) });
    });

    it.each(required.filter((f) => f !== 'password' && f !== 'role' && f !== 'kind' && f !== 'scheduledAt'))(
      'rejects an empty or whitespace-only %s',
      (field) => {
        bad(schema, { ...valid, [field]: '' });
        bad(schema, { ...valid, [field]: '   ' });
      },
    );
  });

  it('LoginBody trims the username but keeps the password as typed', () => {
    expect(LoginBody.parse({ username: '  admin ', password: ' pw ' })).toEqual({ username: 'admin', password: ' pw ' });
  });

  it('CreateHearingBody accepts ISO datetimes with Z or an offset and refuses other dates', () => {
    ok(CreateHearingBody, { caseId: 'c', title: 't', scheduledAt: '2025-03-01T02:00:00Z' });
    ok(CreateHearingBody, { caseId: 'c', title: 't', scheduledAt: '2025-03-01T09:00:00.000+07:00' });
    for (const scheduledAt of ['2025-03-01', 'tomorrow', '01/03/2025 09:00', '2025-13-01T09:00:00Z', '']) {
      bad(CreateHearingBody, { caseId: 'c', title: 't', scheduledAt });
    }
  });

  it('AddParticipantBody bounds the invitation lifetime to whole seconds between 1 minute and 90 days', () => {
    const base = { displayName: 'A', role: 'witness' };
    ok(AddParticipantBody, { ...base, expiresInSeconds: 60 });
    ok(AddParticipantBody, { ...base, expiresInSeconds: 90 * 24 * 3600 });
    for (const expiresInSeconds of [59, 90 * 24 * 3600 + 1, 0, -60, 120.5, Number.POSITIVE_INFINITY]) {
      bad(AddParticipantBody, { ...base, expiresInSeconds });
    }
  });

  it('CreateSiteBody accepts every site kind and nothing else', () => {
    for (const kind of ['courtroom', 'detention', 'office', 'remote']) ok(CreateSiteBody, { name: 'n', kind });
    bad(CreateSiteBody, { name: 'n', kind: 'Courtroom' });
  });

  it('SearchQuery caps the search text at 200 characters', () => {
    ok(SearchQuery, {});
    ok(SearchQuery, { q: 'x'.repeat(200) });
    bad(SearchQuery, { q: 'x'.repeat(201) });
    bad(SearchQuery, { q: ['a', 'b'] });
  });
});
