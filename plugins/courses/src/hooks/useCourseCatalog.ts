import { useApi } from '@backstage/frontend-plugin-api';
import { CourseLevel, CourseSummary } from '@internal/plugin-courses-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { coursesApiRef } from '../api';

/** Courses per request: two or three screens of cards. */
export const CATALOG_PAGE_SIZE = 12;

export interface CatalogFilters {
  search?: string;
  category?: string;
  level?: CourseLevel;
  tag?: string;
}

interface Loaded {
  items: CourseSummary[];
  totalCount: number;
  nextCursor?: string;
}

/** The courses that match the filters, a page at a time. */
export interface CourseCatalog {
  items: CourseSummary[];
  /** How many courses match, over all pages; undefined until loaded. */
  totalCount?: number;
  /** Whether the first page is loading. */
  loading: boolean;
  loadingMore: boolean;
  /** The last failure; cleared by the next load. */
  error?: Error;
  hasMore: boolean;
  /** Appends the next page. */
  loadMore(): void;
}

export function useCourseCatalog(filters: CatalogFilters): CourseCatalog {
  const api = useApi(coursesApiRef);
  const { search, category, level, tag } = filters;
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers to requests for earlier filters are dropped: typing in the
  // search box must not let a slow answer overwrite a newer one.
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    setLoaded(undefined);
    setError(undefined);
    setLoadingMore(false);
    api
      .listCourses({ search, category, level, tag, limit: CATALOG_PAGE_SIZE })
      .then(
        page => generation.current === current && setLoaded(page),
        reason => generation.current === current && setError(reason),
      );
  }, [api, search, category, level, tag]);

  const nextCursor = loaded?.nextCursor;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) {
      return;
    }
    const current = generation.current;
    setLoadingMore(true);
    setError(undefined);
    api
      .listCourses({
        search,
        category,
        level,
        tag,
        limit: CATALOG_PAGE_SIZE,
        cursor: nextCursor,
      })
      .then(
        page => {
          if (generation.current === current) {
            setLoaded(previous => ({
              items: [...(previous?.items ?? []), ...page.items],
              totalCount: page.totalCount,
              nextCursor: page.nextCursor,
            }));
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
  }, [api, search, category, level, tag, nextCursor, loadingMore]);

  return {
    items: loaded?.items ?? [],
    totalCount: loaded?.totalCount,
    loading: !loaded && !error,
    loadingMore,
    error,
    hasMore: Boolean(nextCursor),
    loadMore,
  };
}
