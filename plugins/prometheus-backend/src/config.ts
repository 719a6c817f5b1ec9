import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_SIGNALS, SignalTemplate } from './signals/defaultSignals';
import { checkTemplate } from './signals/templates';

/** One configured Prometheus server. */
export interface InstanceConfig {
  name: string;
  /** Without a trailing slash. */
  url: string;
  headers: Record<string, string>;
}

export interface PrometheusConfig {
  /** The first is the default. Empty when nothing is configured. */
  instances: InstanceConfig[];
  signals: SignalTemplate[];
  timeoutMs: number;
  cacheTtlMs: number;
  query: { maxPointsPerSeries: number; maxTotalPoints: number };
  summary: {
    /** Names of `signals` that GET /summary reports, in order. */
    signals: string[];
    /** How many entities are summarized at once. */
    concurrency: number;
    /** The most entities one summary covers. */
    maxEntities: number;
  };
}

export const DEFAULT_SUMMARY_SIGNALS = [
  'request_rate',
  'error_ratio',
  'latency_p95',
];

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CACHE_TTL_MS = 15_000;
export const DEFAULT_QUERY_MAX_POINTS_PER_SERIES = 1000;
export const DEFAULT_QUERY_MAX_TOTAL_POINTS = 50_000;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

function readMs(config: Config, key: string, fallback: number): number {
  if (!config.has(key)) return fallback;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0)) {
    throw new Error(`${key} must be a positive duration`);
  }
  return ms;
}

/**
 * Reads and checks `prometheus.*`. Mistakes fail the backend's startup, with
 * the key at fault, rather than a request later.
 */
export function readPrometheusConfig(config: Config): PrometheusConfig {
  const root = config.getOptionalConfig('prometheus');

  const instances: InstanceConfig[] = [];
  for (const [i, instance] of (
    root?.getOptionalConfigArray('instances') ?? []
  ).entries()) {
    const key = `prometheus.instances[${i}]`;
    const name = instance.getString('name');
    if (!NAME.test(name)) {
      throw new Error(
        `${key}.name: ${JSON.stringify(
          name,
        )} is not a valid name (letters, digits, _ . -)`,
      );
    }
    if (instances.some(existing => existing.name === name)) {
      throw new Error(`${key}.name: ${name} is configured twice`);
    }
    const url = instance.getString('url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${key}.url: ${JSON.stringify(url)} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`${key}.url: must be http or https`);
    }
    // fetch refuses such URLs, quoting them (credentials and all) in its
    // error; credentials belong in bearerToken or headers (secret config).
    if (parsed.username || parsed.password) {
      throw new Error(
        `${key}.url: must not contain credentials; use bearerToken, or headers (e.g. Authorization: Basic ...)`,
      );
    }
    const headers: Record<string, string> = {};
    const headerConfig = instance.getOptionalConfig('headers');
    for (const header of headerConfig?.keys() ?? []) {
      headers[header] = headerConfig!.getString(header);
    }
    const token = instance.getOptionalString('bearerToken');
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    instances.push({ name, url: url.replace(/\/+$/, ''), headers });
  }

  let signals: SignalTemplate[] = [...DEFAULT_SIGNALS];
  const signalConfigs = root?.getOptionalConfigArray('signals');
  if (signalConfigs) {
    signals = signalConfigs.map((signal, i) => {
      const key = `prometheus.signals[${i}]`;
      const template = {
        name: signal.getString('name'),
        title: signal.getString('title'),
        unit: signal.getString('unit'),
        query: signal.getString('query'),
      };
      const problem = checkTemplate(template.query);
      if (problem) {
        throw new Error(`${key}.query: ${problem}`);
      }
      return template;
    });
    const names = new Set<string>();
    for (const { name } of signals) {
      if (names.has(name)) {
        throw new Error(`prometheus.signals: ${name} is configured twice`);
      }
      names.add(name);
    }
  }

  const positive = (key: string, fallback: number) => {
    const value = root?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`prometheus.${key} must be a positive integer`);
    }
    return value;
  };

  const summarySignals =
    root?.getOptionalStringArray('summary.signals') ??
    DEFAULT_SUMMARY_SIGNALS.filter(name => signals.some(s => s.name === name));
  for (const name of summarySignals) {
    if (!signals.some(s => s.name === name)) {
      throw new Error(
        `prometheus.summary.signals: ${name} is not one of the signals (${signals
          .map(s => s.name)
          .join(', ')})`,
      );
    }
  }

  return {
    instances,
    signals,
    timeoutMs: readMs(config, 'prometheus.timeout', DEFAULT_TIMEOUT_MS),
    cacheTtlMs: readMs(config, 'prometheus.cacheTtl', DEFAULT_CACHE_TTL_MS),
    query: {
      maxPointsPerSeries: positive(
        'query.maxPointsPerSeries',
        DEFAULT_QUERY_MAX_POINTS_PER_SERIES,
      ),
      maxTotalPoints: positive(
        'query.maxTotalPoints',
        DEFAULT_QUERY_MAX_TOTAL_POINTS,
      ),
    },
    summary: {
      signals: summarySignals,
      concurrency: positive('summary.concurrency', 4),
      maxEntities: positive('summary.maxEntities', 500),
    },
  };
}
