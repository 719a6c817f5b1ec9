import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { COURSE_LEVELS, CourseLevel } from '@internal/plugin-courses-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert, LoadMoreButton } from '@internal/portal-react';
import { useCatalogFacets } from '../../hooks/useCatalogFacets';
import {
  CatalogFilters as Filters,
  useCourseCatalog,
} from '../../hooks/useCourseCatalog';
import { useMyEnrollments } from '../../hooks/useMyEnrollments';
import { newCourseRouteRef } from '../../routes';
import { ButtonLink } from '../shared/ButtonLink';
import { LearnTabs } from '../shared/LearnTabs';
import { CatalogFilters } from './CatalogFilters';
import { CourseCard } from './CourseCard';

const FILTER_PARAMS = ['search', 'category', 'level', 'tag'] as const;

function isLevel(value: string | null): value is CourseLevel {
  return COURSE_LEVELS.includes(value as CourseLevel);
}

/**
 * The filters live in the query string, so that a filtered catalog can be
 * shared as a link and survives going back from a course.
 */
function useCatalogFilters(): [Filters, (change: Partial<Filters>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const level = searchParams.get('level');
  const filters: Filters = {
    search: searchParams.get('search') || undefined,
    category: searchParams.get('category') || undefined,
    level: isLevel(level) ? level : undefined,
    tag: searchParams.get('tag') || undefined,
  };
  const setFilters = useCallback(
    (change: Partial<Filters>) =>
      setSearchParams(
        previous => {
          const next = new URLSearchParams(previous);
          for (const name of FILTER_PARAMS) {
            if (name in change) {
              const value = change[name];
              if (value) {
                next.set(name, value);
              } else {
                next.delete(name);
              }
            }
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  return [filters, setFilters];
}

/**
 * The /learn page: courses found by words and filtered by category, level
 * and tag, with the user's progress in each.
 */
export function CourseCatalog() {
  const newCourseLink = useRouteRef(newCourseRouteRef);
  const [filters, setFilters] = useCatalogFilters();
  const catalog = useCourseCatalog(filters);
  const facets = useCatalogFacets();
  const enrollments = useMyEnrollments();
  const filtered = FILTER_PARAMS.some(name => filters[name]);

  let results;
  if (catalog.loading) {
    results = <Progress />;
  } else if (catalog.error && catalog.items.length === 0) {
    results = <ResponseErrorPanel error={catalog.error} />;
  } else if (catalog.items.length === 0) {
    results = (
      <EmptyState
        missing={filtered ? 'data' : 'content'}
        title={filtered ? 'No course matches' : 'No courses yet'}
        description={
          filtered
            ? 'Try other words, or fewer filters.'
            : 'Courses appear here once they are added from a repository or written in the portal.'
        }
      />
    );
  } else {
    results = (
      <>
        <Grid container spacing={2}>
          {catalog.items.map(course => (
            <Grid item xs={12} sm={6} lg={4} key={course.id}>
              <CourseCard
                course={course}
                enrollment={enrollments.value?.get(course.id)}
                onTagClick={tag => setFilters({ tag })}
              />
            </Grid>
          ))}
        </Grid>
        {catalog.error && (
          <ErrorAlert error={catalog.error} title="Could not load more" />
        )}
        {catalog.hasMore && (
          <LoadMoreButton
            onClick={catalog.loadMore}
            loading={catalog.loadingMore}
          />
        )}
      </>
    );
  }

  return (
    <Content>
      <LearnTabs current="catalog" />
      <ContentHeader title="Course catalog">
        {newCourseLink && (
          <ButtonLink
            to={newCourseLink()}
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
          >
            New course
          </ButtonLink>
        )}
      </ContentHeader>
      <CatalogFilters
        filters={filters}
        facets={facets.value}
        facetsError={facets.error}
        onChange={setFilters}
      />
      <Box my={2} role="status" aria-live="polite">
        {catalog.totalCount !== undefined && (
          <Typography variant="body2" color="textSecondary">
            {`Showing ${catalog.items.length} of ${catalog.totalCount} ${
              catalog.totalCount === 1 ? 'course' : 'courses'
            }`}
          </Typography>
        )}
      </Box>
      <section aria-label="Courses">{results}</section>
    </Content>
  );
}
