// The one way routes read input: a zod schema at the boundary, a ValidationError with readable
// reasons when it does not fit (mapped to 400 in server/errorMapping.ts).
import type { ZodType } from 'zod';
import { describeZod } from '../errorMapping.js';
import { ValidationError } from '../../core/hearing/errors.js';

export function parseBody<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(describeZod(result.error), result.error.issues);
  return result.data;
}
