import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { serveBackend } from '../../__testUtils__/backend';
import { renderLearnPage } from '../../__testUtils__/renderLearnPage';

// usePermission caches answers for the whole module registry, so the denials
// are tested in a file of their own rather than next to the allowances.

const server = setupServer();
registerMswTestHooks(server);

describe('users who may not manage a course', () => {
  it('are not offered to edit or delete it', async () => {
    serveBackend(server);
    renderLearnPage('/learn/courses/deploying-with-argocd', {
      permission: AuthorizeResult.DENY,
    });

    // Team progress is for everyone: members see their own team.
    expect(
      await screen.findByRole(
        'link',
        { name: 'Team progress' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('cannot open the editor of the course', async () => {
    serveBackend(server);
    renderLearnPage('/learn/courses/deploying-with-argocd/edit', {
      permission: AuthorizeResult.DENY,
    });

    expect(
      await screen.findByText(
        /^Only the members of the course's owner group and the administrators/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByRole('textbox', { name: 'Course (YAML)' })).toBeNull();
  });
});
