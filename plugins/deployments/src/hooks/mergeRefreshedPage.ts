import { DeploymentPage } from '@internal/plugin-deployments-common';

/**
 * Folds a re-fetched first page into the pages already loaded, so that a
 * refresh shows new and updated deployments without dropping the older pages
 * the user loaded with "Load more".
 *
 * Both lists are newest first. If the oldest deployment of the fresh page is
 * among the loaded ones, the fresh page connects to them: it replaces
 * everything up to that deployment and the loaded tail and cursor are kept.
 * Otherwise so much happened that the two do not meet, and the fresh page
 * starts over.
 */
export function mergeRefreshedPage(
  loaded: DeploymentPage,
  fresh: DeploymentPage,
): DeploymentPage {
  const oldestFresh = fresh.items[fresh.items.length - 1];
  const joint = oldestFresh
    ? loaded.items.findIndex(item => item.id === oldestFresh.id)
    : -1;
  if (!fresh.nextCursor || joint === -1) {
    return fresh;
  }
  return {
    items: [...fresh.items, ...loaded.items.slice(joint + 1)],
    nextCursor: loaded.nextCursor,
  };
}
