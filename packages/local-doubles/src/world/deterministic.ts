import { createHash } from 'node:crypto';

/**
 * Deterministic stand-ins for values the real systems generate randomly
 * (uids, git shas, pod name suffixes). Everything is derived by hashing
 * names, so the demo looks the same on every start and in every test.
 */

function digest(algorithm: 'sha1' | 'sha256', parts: readonly string[]) {
  return createHash(algorithm).update(parts.join('\u0000')).digest();
}

/** A 40-hex git commit sha. */
export function gitSha(...parts: string[]): string {
  return digest('sha1', ['git', ...parts]).toString('hex');
}

/** A 64-hex digest, as used in image ids and container ids. */
export function sha256Hex(...parts: string[]): string {
  return digest('sha256', parts).toString('hex');
}

/** An RFC 4122 version-4-shaped uid, like the API servers hand out. */
export function uid(...parts: string[]): string {
  const bytes = digest('sha256', ['uid', ...parts]).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

/** A float in [0, 1). */
export function fraction(...parts: string[]): number {
  return digest('sha256', ['fraction', ...parts]).readUInt32BE(0) / 2 ** 32;
}

/** An integer in [min, max]. */
export function intBetween(min: number, max: number, ...parts: string[]) {
  return min + Math.floor(fraction(...parts) * (max - min + 1));
}

export function pick<T>(items: readonly T[], ...parts: string[]): T {
  return items[intBetween(0, items.length - 1, ...parts)];
}

/**
 * Kubernetes' "safe" alphabet (no vowels, no look-alike characters), used for
 * pod-template-hash values and generated name suffixes.
 */
const KUBERNETES_SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function kubernetesSuffix(length: number, ...parts: string[]): string {
  const bytes = digest('sha256', ['suffix', ...parts]);
  let suffix = '';
  for (let i = 0; i < length; i++) {
    suffix +=
      KUBERNETES_SAFE_ALPHABET[bytes[i] % KUBERNETES_SAFE_ALPHABET.length];
  }
  return suffix;
}

/** An IPv4 address inside `prefix` (e.g. "10.244"), stable for `parts`. */
export function ipInRange(prefix: string, ...parts: string[]): string {
  const bytes = digest('sha256', ['ip', ...parts]);
  return `${prefix}.${bytes[0]}.${(bytes[1] % 253) + 2}`;
}
