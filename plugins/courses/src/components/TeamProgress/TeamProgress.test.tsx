import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { serveBackend } from '../../__testUtils__/backend';
import {
  aTeamCompletion,
  COURSES_API_URL,
  errorBody,
  LEARNING_TEAM,
  PLATFORM_TEAM,
} from '../../__testUtils__/fixtures';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';

const server = setupServer();
registerMswTestHooks(server);

const TEAM_PATH = '/learn/courses/deploying-with-argocd/team';

function teamRequests(received: ReturnType<typeof serveBackend>) {
  return received.filter(r =>
    r.path.startsWith('/courses/deploying-with-argocd/teams/'),
  );
}

describe('team progress', () => {
  it("shows the progress of the user's own team first", async () => {
    const received = serveBackend(server, { team: aTeamCompletion() });
    renderLearnPage(TEAM_PATH);

    const table = await screen.findByRole(
      'table',
      { name: `Progress of ${PLATFORM_TEAM}` },
      { timeout: 10_000 },
    );
    expect(
      screen.getByText('1 of 3 members completed the course.'),
    ).toBeVisible();
    const priya = within(table)
      .getByRole('rowheader', { name: 'Priya Raman' })
      .closest('tr')!;
    expect(within(priya).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    const sam = within(table)
      .getByRole('rowheader', { name: /sam-lee/ })
      .closest('tr')!;
    expect(within(sam).getByText('Not enrolled')).toBeVisible();
    expect(teamRequests(received)[0].path).toBe(
      `/courses/deploying-with-argocd/teams/${encodeURIComponent(
        PLATFORM_TEAM,
      )}`,
    );
  });

  it('switches to another team', async () => {
    serveBackend(server, { team: aTeamCompletion() });
    renderLearnPage(TEAM_PATH);
    await screen.findByRole(
      'table',
      { name: `Progress of ${PLATFORM_TEAM}` },
      { timeout: 10_000 },
    );

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Team' }),
      await screen.findByRole('option', { name: 'Learning Team' }),
    );

    expect(
      await screen.findByRole('table', {
        name: `Progress of ${LEARNING_TEAM}`,
      }),
    ).toBeVisible();
    expect(
      screen.queryByRole('table', { name: `Progress of ${PLATFORM_TEAM}` }),
    ).toBeNull();
  });

  it("shows the backend's refusal for other teams", async () => {
    serveBackend(server);
    server.use(
      http.get(`${COURSES_API_URL}/courses/:id/teams/:groupRef`, () =>
        HttpResponse.json(
          errorBody(
            'NotAllowedError',
            'You may not manage courses owned by group:default/platform-team',
            403,
          ),
          { status: 403 },
        ),
      ),
    );
    renderLearnPage(`${TEAM_PATH}?group=group:default/learning-team`);

    expect(
      await screen.findByText(
        /Request failed with 403/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
  });
});
