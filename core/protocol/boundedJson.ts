// Bounds on JSON that a client hands through to mediasoup (RTP parameters and capabilities, DTLS
// parameters). The protocol cannot spell out mediasoup's shapes, but it can refuse what no real
// client sends: a 20,000-deep object overflowed the worker's stack, and a huge one costs every
// step after it. The walk is iterative and stops at the first bound crossed, so its own cost is
// bounded by the limits, not by the input.

export interface JsonLimits {
  /** Nesting: the value itself is depth 1, what it contains depth 2, and so on. */
  maxDepth: number;
  /** Items of one array. */
  maxArrayLength: number;
  /** Keys of one object. */
  maxKeys: number;
  /** Characters of one string value. */
  maxStringLength: number;
  /** Characters of one key. */
  maxKeyLength: number;
  /** The whole value, measured as the length of its JSON text (an estimate, within a few percent). */
  maxTotal: number;
}

/**
 * Real ones are far inside these: a browser's RTP capabilities (mediasoup-client, after the
 * router's codecs are applied) are depth 5 and about 3 KB; RTP parameters depth 5 and under 2 KB;
 * DTLS parameters depth 3 and a few hundred bytes.
 */
export const MEDIA_PARAMETER_LIMITS: JsonLimits = {
  maxDepth: 8,
  maxArrayLength: 64,
  maxKeys: 64,
  maxStringLength: 1024,
  maxKeyLength: 128,
  maxTotal: 32 * 1024,
};

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Why `value` is not JSON within `limits` (the first reason found), or null when it is. */
export function jsonBoundsViolation(value: unknown, limits: JsonLimits = MEDIA_PARAMETER_LIMITS): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let total = 0;
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!; // the loop runs while stack is not empty
    if (v === null || typeof v === 'boolean') {
      total += 5;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'numbers must be finite';
      total += 12;
    } else if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return `a string is longer than ${limits.maxStringLength} characters`;
      total += v.length + 2;
    } else if (typeof v === 'object') {
      if (depth > limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
      if (Array.isArray(v)) {
        if (v.length > limits.maxArrayLength) return `an array has more than ${limits.maxArrayLength} items`;
        total += 2 + v.length;
        for (const item of v as unknown[]) stack.push({ value: item, depth: depth + 1 });
      } else {
        // Socket.io can carry binary attachments (Buffers); mediasoup's parameters are plain JSON.
        if (!isPlainObject(v)) return 'only plain JSON objects are accepted';
        const keys = Object.keys(v);
        if (keys.length > limits.maxKeys) return `an object has more than ${limits.maxKeys} keys`;
        total += 2;
        for (const key of keys) {
          if (key.length > limits.maxKeyLength) return `a key is longer than ${limits.maxKeyLength} characters`;
          total += key.length + 4;
          stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1 });
        }
      }
    } else {
      return `a ${typeof v} is not JSON`;
    }
    if (total > limits.maxTotal) return `larger than ${limits.maxTotal} bytes of JSON`;
  }
  return null;
}
