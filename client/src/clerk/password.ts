// A new staff password made in the administrator's browser (crypto.getRandomValues): the server
// only ever sees it in the create request, and the administrator hands it over once. Letters and
// digits without look-alikes (0/O, 1/l/I), so it can be read aloud or copied by hand.
export const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const GENERATED_LENGTH = 16;
/** The server's minimum (server/auth/passwordPolicy.ts MIN_PASSWORD_LENGTH). */
export const MIN_PASSWORD_LENGTH = 12;

type RandomSource = (bytes: Uint8Array) => Uint8Array;
const cryptoRandom: RandomSource = (bytes) => crypto.getRandomValues(bytes);

/** Uniform over the alphabet: bytes past the last whole multiple of its size are drawn again. */
export function generatePassword(random: RandomSource = cryptoRandom, length = GENERATED_LENGTH): string {
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n);
  for (;;) {
    let out = '';
    while (out.length < length) {
      for (const byte of random(new Uint8Array(length * 2))) {
        if (byte < limit && out.length < length) out += PASSWORD_ALPHABET[byte % n];
      }
    }
    // The server refuses a "too simple" one (few distinct characters or letters); vanishingly rare, so just draw again.
    if (acceptable(out)) return out;
  }
}

function acceptable(password: string): boolean {
  return new Set(password).size >= 8 && (password.match(/[a-zA-Z]/g) ?? []).length >= 6;
}
