/**
 * The app's runtime configuration: read from /config.json when the app
 * starts, so one image runs in every environment. Each environment serves
 * its own config.json (k8s/overlays/<environment>/config.json, mounted into
 * the nginx container); `public/config.json` is the one `npm run dev` uses.
 */
export interface RuntimeConfig {
  /** Where the app runs, e.g. staging; shown on the health page. */
  environment: string;
  /** The base URL of the backend API, absolute or relative to the site. */
  apiBaseUrl: string;
}

export const CONFIG_PATH = '/config.json';

/** A config.json that cannot be used, with what is wrong with it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function requireString(
  config: Record<string, unknown>,
  key: keyof RuntimeConfig,
): string {
  const value = config[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${CONFIG_PATH}: ${key} must be a non-empty string`);
  }
  return value;
}

/** Checks the shape of a parsed config.json. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${CONFIG_PATH} must hold a JSON object`);
  }
  const config = value as Record<string, unknown>;
  return {
    environment: requireString(config, 'environment'),
    apiBaseUrl: requireString(config, 'apiBaseUrl'),
  };
}

/** Fetches and checks config.json; never from a cache, as deploys change it. */
export async function loadRuntimeConfig(
  fetchFn: typeof fetch = fetch,
): Promise<RuntimeConfig> {
  const response = await fetchFn(CONFIG_PATH, { cache: 'no-store' });
  if (!response.ok) {
    throw new ConfigError(
      `${CONFIG_PATH} could not be loaded: HTTP ${response.status}`,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConfigError(`${CONFIG_PATH} is not valid JSON`);
  }
  return parseRuntimeConfig(body);
}
