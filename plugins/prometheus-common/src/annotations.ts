/*
 * How a catalog entity maps to Prometheus series: a label selector in an
 * annotation, and optionally which configured Prometheus instance to ask.
 */

/**
 * The label selector of the entity's series: PromQL label matchers without
 * the braces, e.g. `app="course-service"` or
 * `app="course-service", namespace=~"prod|staging"`. See
 * {@link parsePrometheusSelector} for the grammar. Entities without it have
 * no golden signals.
 */
export const PROMETHEUS_SELECTOR_ANNOTATION = 'prometheus.io/selector';

/**
 * The name of the configured Prometheus instance (`prometheus.instances[].name`)
 * that holds the entity's series. Defaults to the first configured instance.
 */
export const PROMETHEUS_INSTANCE_ANNOTATION = 'prometheus.io/instance';

/** The entity's selector annotation, or undefined when it has none. */
export function getPrometheusSelectorAnnotation(entity: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  const value = entity.metadata.annotations?.[PROMETHEUS_SELECTOR_ANNOTATION];
  return value?.trim() ? value : undefined;
}

/** Whether the entity has golden signals (a non-empty selector annotation). */
export function isPrometheusAvailable(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  return getPrometheusSelectorAnnotation(entity) !== undefined;
}
