import { MAX_DEPLOYMENT_BATCH_SIZE } from '@internal/plugin-deployments-common';

/**
 * Consecutive slices of `items`, each at most `size` long (by default the
 * largest batch the store and the API take).
 */
export function* inBatches<T>(
  items: readonly T[],
  size: number = MAX_DEPLOYMENT_BATCH_SIZE,
): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    yield items.slice(start, start + size);
  }
}
