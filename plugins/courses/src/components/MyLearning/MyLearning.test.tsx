import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { serveBackend } from '../../__testUtils__/backend';
import { anEnrollment } from '../../__testUtils__/fixtures';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';

const server = setupServer();
registerMswTestHooks(server);

describe('My learning', () => {
  it('lists the courses in progress and those completed', async () => {
    serveBackend(server, {
      enrollments: [
        anEnrollment({ progress: 0.25 }),
        anEnrollment({
          courseId: 'portal-basics',
          courseTitle: 'Portal basics',
          progress: 1,
          completedLessonIds: ['the-catalog'],
          completedAt: '2025-11-05T09:00:00.000Z',
        }),
      ],
    });
    renderLearnPage('/learn/me');

    const inProgress = await screen.findByRole(
      'table',
      { name: 'Courses in progress' },
      { timeout: 10_000 },
    );
    expect(
      within(inProgress).getByRole('link', { name: 'Deploying with ArgoCD' }),
    ).toHaveAttribute('href', '/learn/courses/deploying-with-argocd');
    expect(
      within(inProgress).getByRole('progressbar', {
        name: 'Progress in Deploying with ArgoCD',
      }),
    ).toHaveAttribute('aria-valuenow', '25');
    expect(within(inProgress).getByText('Nov 3, 2025')).toBeVisible();

    const completed = screen.getByRole('table', { name: 'Completed courses' });
    expect(
      within(completed).getByRole('link', { name: 'Portal basics' }),
    ).toBeVisible();
    expect(within(completed).getByText('Nov 5, 2025')).toBeVisible();
    expect(screen.getByRole('link', { name: 'My learning' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('points to the catalog before the first enrolment', async () => {
    serveBackend(server);
    renderLearnPage('/learn/me');

    expect(
      await screen.findByText(
        'You are not enrolled in any course',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'Browse the catalog' }),
    ).toHaveAttribute('href', '/learn');
  });
});
