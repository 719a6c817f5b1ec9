import { useApi } from '@backstage/frontend-plugin-api';
import {
  Deployment,
  DeploymentPage,
  DeploymentQuery,
} from '@internal/plugin-deployments-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { deploymentsApiRef } from '@internal/plugin-deployments-react';
import { mergeRefreshedPage } from './mergeRefreshedPage';

/** The deployments of a query, loaded a page at a time. */
export interface DeploymentPages {
  items: Deployment[];
  /** Whether the first page is loading, at first or after the query changed. */
  loading: boolean;
  loadingMore: boolean;
  /** The last failure; cleared by the next successful load. */
  error?: Error;
  hasMore: boolean;
  /** Appends the next (older) page. */
  loadMore(): void;
  /** Re-fetches the first page in place, keeping older loaded pages. */
  refresh(): void;
}

interface State extends DeploymentPage {
  loading: boolean;
  loadingMore: boolean;
  error?: Error;
}

const LOADING: State = { items: [], loading: true, loadingMore: false };

/**
 * Lists deployments with cursor pagination. `query` must be memoized by the
 * caller: a new object starts over from the first page.
 */
export function useDeploymentPages(query: DeploymentQuery): DeploymentPages {
  const api = useApi(deploymentsApiRef);
  const [state, setState] = useState<State>(LOADING);
  // The query whose answers are still wanted; answers to an earlier one,
  // arriving after the filters changed, are dropped.
  const currentQuery = useRef(query);
  const loadingMore = useRef(false);

  useEffect(() => {
    currentQuery.current = query;
    loadingMore.current = false;
    setState(LOADING);
    api.listDeployments(query).then(
      page => {
        if (currentQuery.current === query) {
          setState({ ...page, loading: false, loadingMore: false });
        }
      },
      error => {
        if (currentQuery.current === query) {
          setState({ ...LOADING, loading: false, error });
        }
      },
    );
  }, [api, query]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore.current) {
      return;
    }
    loadingMore.current = true;
    setState(s => ({ ...s, loadingMore: true }));
    api.listDeployments({ ...query, cursor: nextCursor }).then(
      page => {
        if (currentQuery.current !== query) {
          return;
        }
        loadingMore.current = false;
        setState(s => ({
          ...s,
          items: [...s.items, ...page.items],
          nextCursor: page.nextCursor,
          loadingMore: false,
          error: undefined,
        }));
      },
      error => {
        if (currentQuery.current !== query) {
          return;
        }
        loadingMore.current = false;
        setState(s => ({ ...s, loadingMore: false, error }));
      },
    );
  }, [api, query, nextCursor]);

  const refresh = useCallback(() => {
    // Merging into a list that is still growing could misplace the older
    // page; the next refresh comes soon enough.
    if (loadingMore.current) {
      return;
    }
    api.listDeployments(query).then(
      page => {
        if (currentQuery.current !== query) {
          return;
        }
        setState(s => {
          if (s.loading) {
            return s;
          }
          const merged = mergeRefreshedPage(s, page);
          return {
            ...s,
            items: merged.items,
            nextCursor: merged.nextCursor,
            error: undefined,
          };
        });
      },
      error => {
        if (currentQuery.current === query) {
          setState(s => ({ ...s, error }));
        }
      },
    );
  }, [api, query]);

  return {
    items: state.items,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    hasMore: Boolean(state.nextCursor),
    loadMore,
    refresh,
  };
}
