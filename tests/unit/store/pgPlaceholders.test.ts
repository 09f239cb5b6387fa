// The PostgreSQL driver numbers the stores' `?` placeholders; a `?` inside a literal, a quoted name
// or a comment is text, not a parameter.
import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from '../../../server/store/sql/PgDb.js';

describe('numberPlaceholders', () => {
  it('numbers each placeholder in order', () => {
    expect(numberPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  it('leaves string literals, quoted identifiers and comments alone', () => {
    expect(numberPlaceholders(`SELECT '?', 'it''s ?', "a?b", ? -- why?\n, ?`)).toBe(`SELECT '?', 'it''s ?', "a?b", $1 -- why?\n, $2`);
  });

  it("reads a backslash before a quote as text (standard strings): ESCAPE '\\' closes", () => {
    expect(numberPlaceholders(`lower(x) LIKE lower(?) ESCAPE '\\' OR y = ?`)).toBe(`lower(x) LIKE lower($1) ESCAPE '\\' OR y = $2`);
  });
});
