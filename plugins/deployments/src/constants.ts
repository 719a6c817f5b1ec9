/** Deployments per request; a screenful, and cheap for the backend. */
export const DEPLOYMENTS_PAGE_SIZE = 25;

/** How often open views re-fetch, to show deployments as they happen. */
export const REFRESH_INTERVAL_MS = 30_000;
