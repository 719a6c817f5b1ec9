import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  anEnrollment,
  COURSES_API_URL,
  errorBody,
} from '../../__testUtils__/fixtures';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';

const server = setupServer();
registerMswTestHooks(server);

const ARGOCD_PATH = '/learn/courses/deploying-with-argocd';

async function renderCourse(path = ARGOCD_PATH) {
  const view = renderLearnPage(path);
  // The first import of the page's modules is slow under Jest.
  await screen.findByRole(
    'heading',
    { name: 'Your progress' },
    { timeout: 10_000 },
  );
  return view;
}

/** The course page as a later visit shows it: what the backend kept. */
async function revisitCourse(view: { unmount(): void }) {
  view.unmount();
  await renderCourse();
}

/** Opens a lesson and returns its content. */
async function openLesson(title: string): Promise<HTMLElement> {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(title) }),
  );
  return screen.findByRole('region', { name: new RegExp(title) });
}

function progressBar(): HTMLElement {
  return screen.getByRole('progressbar', {
    name: 'Progress in Deploying with ArgoCD',
  });
}

describe('the course page', () => {
  it('shows the modules, lessons and what the course is about', async () => {
    serveBackend(server);
    await renderCourse();

    expect(
      screen.getByRole('heading', { name: 'Deploying with ArgoCD', level: 2 }),
    ).toBeVisible();
    expect(
      screen.getByRole('heading', { name: '1. GitOps basics' }),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: '2. Practice' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'portal-basics' })).toHaveAttribute(
      'href',
      '/learn/courses/portal-basics',
    );
    expect(
      screen.getByText('Written in the portal, last changed Nov 2, 2025'),
    ).toBeVisible();

    const gitops = await openLesson('What is GitOps');
    expect(within(gitops).getByText('source of truth')).toBeVisible();
  });

  it('links lessons into TechDocs, the templates and other sites', async () => {
    serveBackend(server);
    await renderCourse();

    const runbook = await openLesson('Read the runbook');
    expect(
      within(runbook).getByText('Mind the rollback section.'),
    ).toBeVisible();
    expect(
      within(runbook).getByRole('link', {
        name: 'Read deployments/ in the docs of developer-portal',
      }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/developer-portal/deployments/',
    );
    const template = await openLesson('Create a service');
    expect(
      within(template).getByRole('link', {
        name: 'Try the template node-service',
      }),
    ).toHaveAttribute('href', '/create/templates/default/node-service');
    const guide = await openLesson('ArgoCD user guide');
    expect(
      within(guide).getByRole('link', { name: /^Open argo-cd.readthedocs.io/ }),
    ).toHaveAttribute(
      'href',
      'https://argo-cd.readthedocs.io/en/stable/user-guide/',
    );
  });

  it('enrols, and marks lessons done and not done', async () => {
    const received = serveBackend(server);
    const view = await renderCourse();

    await userEvent.click(await screen.findByRole('button', { name: 'Enrol' }));
    await waitFor(() =>
      expect(progressBar()).toHaveAttribute('aria-valuenow', '0'),
    );
    expect(screen.getByRole('button', { name: 'Leave course' })).toBeVisible();

    const gitops = await openLesson('What is GitOps');
    await userEvent.click(
      within(gitops).getByRole('button', { name: 'Mark done' }),
    );

    await waitFor(() =>
      expect(progressBar()).toHaveAttribute('aria-valuenow', '25'),
    );
    expect(screen.getByText('1 of 4 lessons done')).toBeVisible();
    expect(screen.getByText('1 of 2 lessons done')).toBeVisible();
    expect(
      within(gitops).getByRole('button', { name: 'Mark not done' }),
    ).toBeVisible();
    expect(
      requestsTo(received, 'POST', '/courses/deploying-with-argocd/progress')[0]
        .body,
    ).toEqual({ lessonId: 'what-is-gitops', completed: true });

    await userEvent.click(
      within(gitops).getByRole('button', { name: 'Mark not done' }),
    );
    await waitFor(() =>
      expect(progressBar()).toHaveAttribute('aria-valuenow', '0'),
    );

    // The enrolment was kept, without the undone lesson.
    await revisitCourse(view);
    expect(progressBar()).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByRole('button', { name: 'Leave course' })).toBeVisible();
  });

  it('shows when the course was completed', async () => {
    serveBackend(server, {
      enrollments: [
        anEnrollment({
          progress: 0.75,
          completedLessonIds: [
            'what-is-gitops',
            'read-the-runbook',
            'create-a-service',
          ],
        }),
      ],
    });
    await renderCourse();

    const guide = await openLesson('ArgoCD user guide');
    await userEvent.click(
      within(guide).getByRole('button', { name: 'Mark done' }),
    );

    expect(await screen.findByText('Completed on Nov 10, 2025')).toBeVisible();
    expect(progressBar()).toHaveAttribute('aria-valuenow', '100');
  });

  it('leaves the course after asking', async () => {
    serveBackend(server, { enrollments: [anEnrollment()] });
    const view = await renderCourse();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Leave course' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Leave Deploying with ArgoCD?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Leave course' }),
    );

    expect(await screen.findByRole('button', { name: 'Enrol' })).toBeVisible();

    // The backend forgot the enrolment.
    await revisitCourse(view);
    expect(await screen.findByRole('button', { name: 'Enrol' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Leave course' })).toBeNull();
  });

  it('shows why a lesson could not be marked done', async () => {
    serveBackend(server);
    server.use(
      http.post(`${COURSES_API_URL}/courses/:id/progress`, () =>
        HttpResponse.json(
          errorBody(
            'InputError',
            'No lesson "what-is-gitops" in the course',
            400,
          ),
          { status: 400 },
        ),
      ),
    );
    await renderCourse();

    const gitops = await openLesson('What is GitOps');
    await userEvent.click(
      within(gitops).getByRole('button', { name: 'Mark done' }),
    );

    expect(
      await within(gitops).findByText(
        'No lesson "what-is-gitops" in the course',
      ),
    ).toBeVisible();
  });

  it('says so when there is no such course', async () => {
    serveBackend(server);
    renderLearnPage('/learn/courses/no-such-course');

    expect(
      await screen.findByText(
        'No course "no-such-course"',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'Browse all courses' }),
    ).toHaveAttribute('href', '/learn');
  });

  it('lets those who may manage the course edit and delete it', async () => {
    serveBackend(server);
    await renderCourse();

    expect(await screen.findByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/learn/courses/deploying-with-argocd/edit',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Delete Deploying with ArgoCD?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    // Back in the catalog, which no longer has the course.
    expect(
      await screen.findByRole('heading', { name: 'Course catalog' }),
    ).toBeVisible();
    const cards = await within(
      await screen.findByRole('region', { name: 'Courses' }),
    ).findAllByRole('article');
    expect(
      cards.map(card => within(card).getByRole('heading').textContent),
    ).toEqual(['Portal basics', 'Writing TechDocs']);
  });

  it('leaves courses from repositories to their file', async () => {
    serveBackend(server);
    await renderCourse('/learn/courses/portal-basics');

    expect(
      screen.getByText('Managed in demo/courses/portal-basics.yaml'),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});
