/** Time formats the real APIs use. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * RFC 3339 with second precision, as Kubernetes and ArgoCD serialise
 * `metav1.Time` (no milliseconds).
 */
export function rfc3339(epochMs: number): string {
  return new Date(Math.floor(epochMs / SECOND) * SECOND)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A Go `time.Duration` string, as kubelet puts in back-off messages: 5m0s, 40s. */
export function goDuration(ms: number): string {
  const totalSeconds = Math.round(ms / SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
