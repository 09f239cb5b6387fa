// For a value a test needs to be there (an array element, a map entry, a find() result): fails with
// a clear message naming what is missing, instead of a TypeError further down, and gives the type
// checker the value without undefined/null.

/** `value`, or throws "expected <what>, got undefined|null". */
export function must<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
