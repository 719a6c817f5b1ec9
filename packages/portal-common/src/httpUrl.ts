/*
 * Links the portal stores for others to click (a deployment's pipeline run,
 * for instance) come from callers. Only absolute http: and https: URLs
 * without credentials are links: anything else (javascript:, data:, a
 * relative path, user:password@host) is refused where it is stored and
 * shown as text where it is rendered. Both places use these two functions,
 * and the WHATWG URL parser they use is the one browsers follow, so what
 * passes here is what the browser opens.
 */

const LINK_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Why `value` is no safe http(s) link, as the end of a sentence that starts
 * with the field's name ("url: must be ..."); undefined when it is one.
 */
export function httpUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http: or https: URL';
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) {
    return `must be an http: or https: URL, not ${url.protocol}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials (user:password@)';
  }
  return undefined;
}

/**
 * `value` as a link target when it is an absolute http: or https: URL
 * without credentials (normalized, as the browser would read it);
 * undefined for anything else, including no value.
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || httpUrlProblem(value) !== undefined) {
    return undefined;
  }
  return new URL(value).href;
}
