import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alert,
  AlertsResponse,
  createSelectorMatcher,
  formatPrometheusSelector,
  getPrometheusSelectorAnnotation,
  InstanceList,
  LabelMatcher,
  parsePrometheusSelector,
  PROMETHEUS_INSTANCE_ANNOTATION,
  PROMETHEUS_SELECTOR_ANNOTATION,
  EntitySummary,
  Signal,
  SignalRange,
  SignalsResponse,
  SignalValue,
  SummaryResponse,
} from '@internal/plugin-prometheus-common';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { callUpstream, mapWithConcurrency } from '@internal/portal-node';
import { PrometheusConfig } from '../config';
import { TtlCache } from '@internal/portal-node';
import { BadGatewayError } from '../prometheus/errors';
import { PrometheusHttpClient } from '../prometheus/PrometheusHttpClient';
import { SignalTemplate } from '../signals/defaultSignals';
import { fillTemplate, promDuration, rangeWindow } from '../signals/templates';

const entityNames = makeValidator();

const SUMMED_UNITS: ReadonlySet<string> = new Set(['reqps', 'cores', 'bytes']);

/** The HTTP status an error would answer with, for per-item errors. */
function statusOf(error: Error): number {
  const code = (error as { statusCode?: unknown }).statusCode;
  if (typeof code === 'number') return code;
  switch (error.name) {
    case 'InputError':
      return 400;
    case 'NotAllowedError':
      return 403;
    case 'NotFoundError':
      return 404;
    case 'ServiceUnavailableError':
      return 503;
    default:
      return 500;
  }
}

/** An entity's place in Prometheus: its instance and parsed selector. */
export interface EntityTarget {
  entityRef: string;
  client: PrometheusHttpClient;
  matchers: LabelMatcher[];
  /** The normalized selector, e.g. `app="course-service"`. */
  selector: string;
}

/**
 * Golden signals and alerts of catalog entities. The entity is read with
 * the caller's credentials (so the catalog's permissions apply), its
 * `prometheus.io/selector` parsed with the label-selector grammar and
 * written back out quoted; only that normalized text ever reaches a PromQL
 * template. Answers are cached for `cacheTtlMs` per instance, selector and
 * range (alerts: per instance, shared by every entity).
 */
export class PrometheusService {
  private readonly catalog: CatalogService;
  private readonly clients: Map<string, PrometheusHttpClient>;
  private readonly defaultInstance?: string;
  private readonly signals: readonly SignalTemplate[];
  private readonly signalCache: TtlCache<Signal[]>;
  private readonly alertCache: TtlCache<Alert[]>;
  private readonly summaryCache: TtlCache<SignalValue[]>;
  private readonly summary: PrometheusConfig['summary'];
  private readonly now: () => number;
  /**
   * The alerts of each selector, per fetched alert list: every selector is
   * matched once per list (which alertCache keeps for cacheTtl), not once
   * per request, and the entries go with the list.
   */
  private readonly alertsBySelector = new WeakMap<
    Alert[],
    Map<string, Alert[]>
  >();

  constructor(options: {
    config: PrometheusConfig;
    catalog: CatalogService;
    logger: LoggerService;
    now?: () => number;
  }) {
    const { config, logger } = options;
    this.catalog = options.catalog;
    this.clients = new Map(
      config.instances.map(instance => [
        instance.name,
        new PrometheusHttpClient(instance, {
          timeoutMs: config.timeoutMs,
          logger,
        }),
      ]),
    );
    this.defaultInstance = config.instances[0]?.name;
    this.signals = config.signals;
    this.now = options.now ?? Date.now;
    this.signalCache = new TtlCache({
      ttlMs: config.cacheTtlMs,
      maxEntries: 5_000,
      now: this.now,
    });
    this.summary = config.summary;
    this.summaryCache = new TtlCache({
      ttlMs: config.cacheTtlMs,
      maxEntries: 5_000,
      now: this.now,
    });
    this.alertCache = new TtlCache({
      ttlMs: config.cacheTtlMs,
      maxEntries: 100,
      now: this.now,
    });
  }

  listInstances(): InstanceList {
    return {
      instances: [...this.clients.keys()].map(name => ({
        name,
        default: name === this.defaultInstance,
      })),
    };
  }

  /** The named instance's client (default: the first); 400 for unknown names. */
  client(name?: string, what = 'instance'): PrometheusHttpClient {
    if (this.clients.size === 0) {
      throw new ServiceUnavailableError(
        'No Prometheus instance is configured (prometheus.instances)',
      );
    }
    const client = this.clients.get(name ?? this.defaultInstance!);
    if (!client) {
      throw new InputError(
        `${what}: no Prometheus instance named ${name} (configured: ${[
          ...this.clients.keys(),
        ].join(', ')})`,
      );
    }
    return client;
  }

  /**
   * Reads the entity and its annotations. 400 for a malformed ref, selector
   * or instance; 404 for an entity the caller cannot see, or one without a
   * `prometheus.io/selector` annotation.
   */
  async target(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityTarget> {
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(entityRef, { defaultKind: 'component' });
    } catch (error) {
      throw new InputError(`entityRef: ${(error as Error).message}`);
    }
    // Names the catalog would refuse are refused here, before they reach it.
    if (
      !entityNames.isValidNamespace(ref.namespace) ||
      !entityNames.isValidEntityName(ref.name)
    ) {
      throw new InputError(
        `entityRef: "${entityRef}" is not a valid entity ref`,
      );
    }
    const normalizedRef = stringifyEntityRef(ref);
    const entity = await callUpstream(
      'the catalog',
      () => this.catalog.getEntityByRef(ref, { credentials }),
      { inputField: 'entityRef' },
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${normalizedRef} in the catalog`);
    }
    return this.targetOf(entity, normalizedRef);
  }

  /** The target of an entity read from the catalog. */
  private targetOf(entity: Entity, normalizedRef: string): EntityTarget {
    const annotation = getPrometheusSelectorAnnotation(entity);
    if (annotation === undefined) {
      throw new NotFoundError(
        `${normalizedRef} has no ${PROMETHEUS_SELECTOR_ANNOTATION} annotation, so it has no golden signals or alerts`,
      );
    }
    const parsed = parsePrometheusSelector(annotation);
    if (!parsed.ok) {
      throw new InputError(
        `${normalizedRef}: the ${PROMETHEUS_SELECTOR_ANNOTATION} annotation is not a valid label selector: ${parsed.error}`,
      );
    }
    const instance =
      entity.metadata.annotations?.[PROMETHEUS_INSTANCE_ANNOTATION]?.trim() ||
      undefined;
    return {
      entityRef: normalizedRef,
      client: this.client(
        instance,
        `${normalizedRef}: ${PROMETHEUS_INSTANCE_ANNOTATION}`,
      ),
      matchers: parsed.matchers,
      selector: formatPrometheusSelector(parsed.matchers),
    };
  }

  async getSignals(
    target: EntityTarget,
    range: SignalRange,
  ): Promise<SignalsResponse> {
    const window = rangeWindow(range, this.now());
    const values = {
      selector: target.selector,
      rateWindow: window.rateWindow,
      step: promDuration(window.step),
    };
    const key = JSON.stringify([
      target.client.name,
      target.selector,
      range,
      window.end,
    ]);
    const signals = await this.signalCache.get(key, () =>
      Promise.all(
        this.signals.map(async template => {
          const result = await target.client
            .queryRange(fillTemplate(template.query, values), window)
            .catch(error => {
              // Name the signal: a bad template in config shows up here.
              if (error instanceof BadGatewayError) {
                throw new BadGatewayError(
                  `Signal ${template.name}: ${error.message}`,
                );
              }
              throw error;
            });
          return {
            name: template.name,
            title: template.title,
            unit: template.unit,
            series: result.series,
          };
        }),
      ),
    );
    return {
      entityRef: target.entityRef,
      instance: target.client.name,
      range,
      start: new Date(window.start * 1000).toISOString(),
      end: new Date(window.end * 1000).toISOString(),
      step: window.step,
      selector: target.selector,
      signals,
    };
  }

  /**
   * Every entity with a selector that the caller may see (at most
   * `summary.maxEntities`, by ref), with the current values of the summary
   * signals and its alerts. One entity's failure (bad selector, its
   * Prometheus down) is that item's `error`; the others are unaffected.
   */
  async getSummary(
    credentials: BackstageCredentials,
  ): Promise<SummaryResponse> {
    const { items: entities } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PROMETHEUS_SELECTOR_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const sorted = entities
      .map(entity => ({ entity, ref: stringifyEntityRef(entity) }))
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .slice(0, this.summary.maxEntities);
    const templates = this.summary.signals.map(
      name => this.signals.find(s => s.name === name)!,
    );

    const items = await mapWithConcurrency(
      sorted,
      this.summary.concurrency,
      async ({ entity, ref }): Promise<EntitySummary> => {
        const item: EntitySummary = {
          entityRef: ref,
          ...(entity.metadata.title && { title: entity.metadata.title }),
          signals: templates.map(t => ({
            name: t.name,
            title: t.title,
            unit: t.unit,
            value: null,
          })),
          alerts: [],
        };
        try {
          const target = this.targetOf(entity, ref);
          item.instance = target.client.name;
          item.selector = target.selector;
          const [signals, alerts] = await Promise.allSettled([
            this.currentValues(target, templates),
            this.getAlerts(target),
          ]);
          if (signals.status === 'fulfilled') item.signals = signals.value;
          if (alerts.status === 'fulfilled') item.alerts = alerts.value.alerts;
          const failed = [signals, alerts].find(r => r.status === 'rejected');
          if (failed) throw (failed as PromiseRejectedResult).reason;
        } catch (error) {
          const e = error as Error;
          item.error = {
            name: e.name,
            message: e.message,
            statusCode: statusOf(e),
          };
        }
        return item;
      },
    );
    return { items, generatedAt: new Date(this.now()).toISOString() };
  }

  /** Instant values of `templates` for a target (5m rate window), cached. */
  private currentValues(
    target: EntityTarget,
    templates: SignalTemplate[],
  ): Promise<SignalValue[]> {
    const values = {
      selector: target.selector,
      rateWindow: '5m',
      step: '15s',
    };
    const key = JSON.stringify([target.client.name, target.selector]);
    return this.summaryCache.get(key, () =>
      Promise.all(
        templates.map(async template => {
          const result = await target.client
            .query(fillTemplate(template.query, values))
            .catch(error => {
              if (error instanceof BadGatewayError) {
                throw new BadGatewayError(
                  `Signal ${template.name}: ${error.message}`,
                );
              }
              throw error;
            });
          const latest = result.series
            .map(series => series.points[series.points.length - 1]?.[1])
            .filter((v): v is number => typeof v === 'number');
          let value: number | null = null;
          if (latest.length) {
            value = SUMMED_UNITS.has(template.unit)
              ? latest.reduce((sum, v) => sum + v, 0)
              : Math.max(...latest);
          }
          return {
            name: template.name,
            title: template.title,
            unit: template.unit,
            value,
          };
        }),
      ),
    );
  }

  async getAlerts(target: EntityTarget): Promise<AlertsResponse> {
    const all = await this.alertCache.get(target.client.name, async () =>
      (
        await target.client.alerts()
      )
        .filter(a => a.state === 'firing' || a.state === 'pending')
        .map(
          (a): Alert => ({
            name: a.labels?.alertname ?? '',
            state: a.state as Alert['state'],
            labels: a.labels ?? {},
            annotations: a.annotations ?? {},
            ...(a.activeAt && { activeAt: a.activeAt }),
            ...(a.value !== undefined && { value: toNumber(a.value) }),
          }),
        )
        .sort(
          (x, y) =>
            Number(x.state !== 'firing') - Number(y.state !== 'firing') ||
            x.name.localeCompare(y.name),
        ),
    );
    let bySelector = this.alertsBySelector.get(all);
    if (!bySelector) {
      bySelector = new Map();
      this.alertsBySelector.set(all, bySelector);
    }
    let alerts = bySelector.get(target.selector);
    if (!alerts) {
      const matches = createSelectorMatcher(target.matchers);
      alerts = all.filter(alert => matches(alert.labels));
      bySelector.set(target.selector, alerts);
    }
    return {
      entityRef: target.entityRef,
      instance: target.client.name,
      selector: target.selector,
      alerts,
    };
  }
}

function toNumber(value: string): number | null {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : null;
}
