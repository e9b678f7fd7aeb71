const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random key from the browser's cryptographic generator (no look-alike characters). */
export function randomKey(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let key = '';
  for (const byte of bytes) {
    // 256 is not a multiple of the alphabet's size; the small bias is irrelevant for a key this long.
    key += alphabet[byte % alphabet.length];
  }
  return key;
}
