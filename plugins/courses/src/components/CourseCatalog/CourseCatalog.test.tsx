import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  aCourse,
  anEnrollment,
  COURSES_API_URL,
  courses,
  errorBody,
} from '../../__testUtils__/fixtures';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';
import { CATALOG_PAGE_SIZE } from '../../hooks/useCourseCatalog';

const server = setupServer();
registerMswTestHooks(server);

/** The requests for catalog pages (of the page size). */
function catalogRequests(received: ReturnType<typeof serveBackend>) {
  return requestsTo(received, 'GET', '/courses').filter(
    r => r.params.get('limit') === String(CATALOG_PAGE_SIZE),
  );
}

async function courseCards(): Promise<HTMLElement[]> {
  const section = await screen.findByRole(
    'region',
    { name: 'Courses' },
    { timeout: 10_000 },
  );
  return within(section).findAllByRole('article');
}

/** The cards on screen now. */
function currentCards(): HTMLElement[] {
  return within(screen.getByRole('region', { name: 'Courses' })).getAllByRole(
    'article',
  );
}

function titlesOf(cards: HTMLElement[]): string[] {
  return cards.map(card => within(card).getByRole('heading').textContent!);
}

describe('the course catalog', () => {
  it('lists the courses with their facts and the user’s progress', async () => {
    serveBackend(server, {
      enrollments: [anEnrollment({ progress: 0.5 })],
    });
    renderLearnPage('/learn');

    const cards = await courseCards();
    expect(titlesOf(cards)).toEqual(courses.map(c => c.title));
    const argoCd = cards[0];
    expect(within(argoCd).getByText('Intermediate')).toBeVisible();
    expect(within(argoCd).getByText('Delivery')).toBeVisible();
    expect(within(argoCd).getByText('1 h 30 min')).toBeVisible();
    expect(
      within(argoCd).getByRole('progressbar', {
        name: 'Progress in Deploying with ArgoCD',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(within(argoCd).getByRole('link')).toHaveAttribute(
      'href',
      '/learn/courses/deploying-with-argocd',
    );
    expect(within(cards[1]).getByText('Not enrolled')).toBeVisible();
    expect(await screen.findByText('Showing 3 of 3 courses')).toBeVisible();
  });

  it('searches once typing pauses', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn');
    await courseCards();

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search courses' }),
      'gitops',
    );

    await waitFor(() =>
      expect(titlesOf(currentCards())).toEqual(['Deploying with ArgoCD']),
    );
    // One request for the whole word, not one per keystroke.
    const searches = catalogRequests(received).map(r => r.params.get('search'));
    expect(searches).toEqual([null, 'gitops']);
  });

  it('filters by category, level and tag', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn');
    await courseCards();

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Category' }),
      await screen.findByRole('option', { name: 'Onboarding (1)' }),
    );
    await waitFor(() =>
      expect(titlesOf(currentCards())).toEqual(['Portal basics']),
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Category' }),
      'All categories',
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Level' }),
      'beginner',
    );
    await waitFor(() =>
      expect(titlesOf(currentCards())).toEqual([
        'Portal basics',
        'Writing TechDocs',
      ]),
    );
    const tags = screen.getByRole('group', { name: 'Tags' });
    await userEvent.click(
      within(tags).getByRole('button', { name: /^techdocs \(\d+\)$/ }),
    );
    await waitFor(() =>
      expect(titlesOf(currentCards())).toEqual(['Writing TechDocs']),
    );
    expect(
      within(tags).getByRole('button', { name: /^techdocs \(\d+\)$/ }),
    ).toHaveAttribute('aria-pressed', 'true');

    const last = catalogRequests(received).at(-1)!;
    expect(Object.fromEntries(last.params)).toEqual({
      level: 'beginner',
      tag: 'techdocs',
      limit: String(CATALOG_PAGE_SIZE),
    });
  });

  it('reads the filters from the URL', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn?category=delivery&search=argo');

    expect(titlesOf(await courseCards())).toEqual(['Deploying with ArgoCD']);
    expect(
      screen.getByRole('searchbox', { name: 'Search courses' }),
    ).toHaveValue('argo');
    expect(catalogRequests(received)[0].params.get('category')).toBe(
      'delivery',
    );
  });

  it('loads more courses a page at a time', async () => {
    const many = Array.from({ length: CATALOG_PAGE_SIZE + 2 }, (_, i) =>
      aCourse({
        id: `course-${String(i).padStart(2, '0')}`,
        title: `Course ${String(i).padStart(2, '0')}`,
      }),
    );
    const received = serveBackend(server, { courses: many });
    renderLearnPage('/learn');

    expect(await courseCards()).toHaveLength(CATALOG_PAGE_SIZE);
    expect(
      screen.getByText(`Showing ${CATALOG_PAGE_SIZE} of 14 courses`),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('Showing 14 of 14 courses')).toBeVisible();
    expect(currentCards()).toHaveLength(14);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(catalogRequests(received).map(r => r.params.get('cursor'))).toEqual([
      null,
      String(CATALOG_PAGE_SIZE),
    ]);
  });

  it('says so when nothing matches', async () => {
    serveBackend(server);
    renderLearnPage('/learn?search=nothing-like-this');

    expect(
      await screen.findByText('No course matches', {}, { timeout: 10_000 }),
    ).toBeVisible();
  });

  it('shows why the catalog could not be loaded', async () => {
    serveBackend(server);
    server.use(
      http.get(`${COURSES_API_URL}/courses`, () =>
        HttpResponse.json(
          errorBody('Error', 'The database is unavailable', 500),
          { status: 500 },
        ),
      ),
    );
    renderLearnPage('/learn');

    expect(
      await screen.findByText(
        /Request failed with 500/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
  });
});
