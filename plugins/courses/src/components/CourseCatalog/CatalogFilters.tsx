import {
  COURSE_LEVELS,
  CourseFacets,
  CourseLevel,
} from '@internal/plugin-courses-common';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { useEffect, useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { FilterSelect } from '@internal/portal-react';
import { humanize } from '../../format';
import { CatalogFilters as Filters } from '../../hooks/useCourseCatalog';

/** How long typing pauses before the catalog is searched. */
const SEARCH_DEBOUNCE_MS = 300;

const useStyles = makeStyles(theme => ({
  tags: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** The search box: the catalog follows the text once typing pauses. */
function SearchField(props: {
  value: string;
  onChange(value: string | undefined): void;
}) {
  const { value, onChange } = props;
  const id = useId();
  const [text, setText] = useState(value);
  // The URL may change the search too, e.g. going back in history.
  useEffect(() => setText(value), [value]);
  useDebounce(
    () => {
      if (text.trim() !== value) {
        onChange(text.trim() || undefined);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      id={id}
      type="search"
      label="Search courses"
      value={text}
      onChange={event => setText(event.target.value)}
      variant="outlined"
      size="small"
      fullWidth
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon />
          </InputAdornment>
        ),
      }}
    />
  );
}

export interface CatalogFiltersProps {
  filters: Filters;
  facets?: CourseFacets;
  /** Why the categories and tags could not be loaded. */
  facetsError?: Error;
  onChange(change: Partial<Filters>): void;
}

/** The search box, the category and level facets and the tag chips. */
export function CatalogFilters(props: CatalogFiltersProps) {
  const classes = useStyles();
  const tagsLabelId = useId();
  const { filters, facets, facetsError, onChange } = props;
  const facetsProblem = facetsError
    ? 'Could not load the categories'
    : undefined;

  return (
    <Grid container spacing={2} alignItems="center">
      <Grid item xs={12} md={6}>
        <SearchField
          value={filters.search ?? ''}
          onChange={search => onChange({ search })}
        />
      </Grid>
      <Grid item xs={6} md={3}>
        <FilterSelect
          label="Category"
          value={filters.category ?? ''}
          options={[
            { value: '', label: 'All categories' },
            ...(facets?.categories ?? []).map(({ value, count }) => ({
              value,
              label: `${humanize(value)} (${count})`,
            })),
          ]}
          onChange={category => onChange({ category: category || undefined })}
          error={facetsProblem}
        />
      </Grid>
      <Grid item xs={6} md={3}>
        <FilterSelect
          label="Level"
          value={filters.level ?? ''}
          options={[
            { value: '', label: 'All levels' },
            // Every level, counted where the facets are known.
            ...COURSE_LEVELS.map(level => {
              const count = facets?.levels.find(l => l.value === level)?.count;
              return {
                value: level,
                label: facets
                  ? `${humanize(level)} (${count ?? 0})`
                  : humanize(level),
              };
            }),
          ]}
          onChange={level =>
            onChange({ level: (level || undefined) as CourseLevel | undefined })
          }
        />
      </Grid>
      {facets && facets.tags.length > 0 && (
        <Grid item xs={12}>
          <div
            className={classes.tags}
            role="group"
            aria-labelledby={tagsLabelId}
          >
            <Typography id={tagsLabelId} variant="body2" component="span">
              Tags
            </Typography>
            {facets.tags.map(({ value: tag, count }) => {
              const selected = filters.tag === tag;
              return (
                <Chip
                  key={tag}
                  label={`${tag} (${count})`}
                  size="small"
                  clickable
                  color={selected ? 'primary' : 'default'}
                  variant={selected ? 'default' : 'outlined'}
                  aria-pressed={selected}
                  onClick={() => onChange({ tag: selected ? undefined : tag })}
                />
              );
            })}
          </div>
        </Grid>
      )}
    </Grid>
  );
}
