import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  COURSES_API_URL,
  errorBody,
  PLATFORM_TEAM,
} from '../../__testUtils__/fixtures';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';

const server = setupServer();
registerMswTestHooks(server);

async function editor(): Promise<HTMLElement> {
  return screen.findByRole(
    'textbox',
    { name: 'Course (YAML)' },
    { timeout: 10_000 },
  );
}

/** Replaces the editor's text at once: typing YAML key by key is slow. */
function write(textbox: HTMLElement, text: string) {
  fireEvent.change(textbox, { target: { value: text } });
}

describe('the course editor', () => {
  it('creates a course owned by the user’s team', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn/new');

    const textbox = await editor();
    const starter = parse((textbox as HTMLTextAreaElement).value);
    expect(starter.owner).toBe(PLATFORM_TEAM);
    write(
      textbox,
      (textbox as HTMLTextAreaElement).value.replace(
        'id: my-new-course',
        'id: incident-response',
      ),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Create course' }),
    );

    // The new course opens.
    expect(
      await screen.findByRole('heading', { name: 'My new course', level: 2 }),
    ).toBeVisible();
    const [created] = requestsTo(received, 'POST', '/courses');
    expect(created.body).toMatchObject({
      id: 'incident-response',
      owner: PLATFORM_TEAM,
      modules: [{ id: 'introduction' }],
    });
  });

  it('lists every problem of an invalid course and sends nothing', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn/new');

    const textbox = await editor();
    write(
      textbox,
      (textbox as HTMLTextAreaElement).value
        .replace('level: beginner', 'level: expert')
        .replace('estimatedMinutes: 30', 'estimatedMinutes: 0'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Create course' }),
    );

    const problems = screen.getByRole('list', { name: 'Problems' });
    expect(
      within(problems)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'level: must be one of beginner, intermediate, advanced',
      'estimatedMinutes: must be a whole number of minutes from 1 to 10000',
    ]);
    expect(screen.getByText('The course has 2 problems')).toBeVisible();
    expect(requestsTo(received, 'POST', '/courses')).toEqual([]);
  });

  it("shows the backend's refusal", async () => {
    serveBackend(server);
    server.use(
      http.post(`${COURSES_API_URL}/courses`, () =>
        HttpResponse.json(
          errorBody('InputError', 'owner: no group group:default/nobody', 400),
          { status: 400 },
        ),
      ),
    );
    renderLearnPage('/learn/new');

    await editor();
    await userEvent.click(
      screen.getByRole('button', { name: 'Create course' }),
    );

    expect(
      await screen.findByText('owner: no group group:default/nobody'),
    ).toBeVisible();
  });

  it('saves changes to a course written in the portal', async () => {
    const received = serveBackend(server);
    renderLearnPage('/learn/courses/deploying-with-argocd/edit');

    const textbox = await editor();
    write(
      textbox,
      (textbox as HTMLTextAreaElement).value.replace(
        'title: Deploying with ArgoCD',
        'title: Deploying with Argo CD',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save course' }));

    expect(
      await screen.findByRole('heading', {
        name: 'Deploying with Argo CD',
        level: 2,
      }),
    ).toBeVisible();
    const [saved] = requestsTo(
      received,
      'PUT',
      '/courses/deploying-with-argocd',
    );
    expect(saved.body.title).toBe('Deploying with Argo CD');
    expect(saved.body).not.toHaveProperty('source');
  });

  it('leaves courses from repositories to their file', async () => {
    serveBackend(server);
    renderLearnPage('/learn/courses/portal-basics/edit');

    expect(
      await screen.findByText(
        'This course is managed in demo/courses/portal-basics.yaml: change it in that file.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Course (YAML)' })).toBeNull();
  });
});
