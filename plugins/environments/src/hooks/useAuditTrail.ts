import { useApi } from '@backstage/frontend-plugin-api';
import { AuditEntry } from '@internal/plugin-environments-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { environmentsApiRef } from '../api';

/** Entries per request: a screenful. */
export const AUDIT_PAGE_SIZE = 25;

interface Loaded {
  items: AuditEntry[];
  nextCursor?: string;
}

/** An environment's audit trail, newest first, a page at a time. */
export interface AuditTrail {
  items: AuditEntry[];
  /** Whether the first page is loading. */
  loading: boolean;
  loadingMore: boolean;
  /** The last failure; cleared by the next load. */
  error?: Error;
  hasMore: boolean;
  /** Appends the next (older) page. */
  loadMore(): void;
  /** Starts over from the newest entries, e.g. after a change. */
  reload(): void;
}

export function useAuditTrail(environment: string): AuditTrail {
  const api = useApi(environmentsApiRef);
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers to requests made before the latest (re)load are dropped.
  const generation = useRef(0);

  const reload = useCallback(() => {
    const current = ++generation.current;
    setLoadingMore(false);
    api.getAudit({ environment, limit: AUDIT_PAGE_SIZE }).then(
      page => {
        if (generation.current === current) {
          setLoaded(page);
          setError(undefined);
        }
      },
      reason => {
        if (generation.current === current) {
          setError(reason);
        }
      },
    );
  }, [api, environment]);

  useEffect(() => {
    setLoaded(undefined);
    setError(undefined);
    reload();
  }, [reload]);

  const nextCursor = loaded?.nextCursor;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) {
      return;
    }
    const current = generation.current;
    setLoadingMore(true);
    api
      .getAudit({ environment, limit: AUDIT_PAGE_SIZE, cursor: nextCursor })
      .then(
        page => {
          if (generation.current === current) {
            setLoaded(previous => ({
              items: [...(previous?.items ?? []), ...page.items],
              nextCursor: page.nextCursor,
            }));
            setError(undefined);
            setLoadingMore(false);
          }
        },
        reason => {
          if (generation.current === current) {
            setError(reason);
            setLoadingMore(false);
          }
        },
      );
  }, [api, environment, nextCursor, loadingMore]);

  return {
    items: loaded?.items ?? [],
    loading: !loaded && !error,
    loadingMore,
    error,
    hasMore: Boolean(nextCursor),
    loadMore,
    reload,
  };
}
