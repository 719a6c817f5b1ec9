import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent, { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  development,
  ENVIRONMENTS_API_URL,
  errorBody,
  preview,
  production,
  staging,
} from '../../__testUtils__/fixtures';
import { openPromoteDialog } from '../../__testUtils__/promoteDialog';

// An owner of course-service who is no administrator: promoting to
// production and past locks are denied. (usePermission caches answers for
// the whole file, so the administrator's view is tested in another.)

const server = setupServer();
registerMswTestHooks(server);

let user: UserEvent;
beforeEach(() => {
  user = userEvent.setup({ delay: null });
});

const ADMIN_ONLY = [
  'environment.promote.production',
  'environment.promote.override',
];

const checked: string[] = [];
function authorize(request: EvaluatePermissionRequest) {
  checked.push(request.permission.name);
  return ADMIN_ONLY.includes(request.permission.name)
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;
}

describe('the promote dialog for a user who is no administrator', () => {
  it('shows a production target disabled, saying who may promote there', async () => {
    const received = serveBackend(server);

    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.43.0 to production',
    });

    expect(
      await within(dialog).findByText(
        'Promoting to production needs a platform admin.',
      ),
    ).toBeVisible();
    expect(
      within(dialog).getByRole('button', { name: 'Promote to production' }),
    ).toBeDisabled();
    // production is locked, but overriding is not theirs to offer.
    expect(
      within(dialog).getByText(
        /The promotion will be refused while it lasts\.$/,
      ),
    ).toBeVisible();
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    expect(checked).toEqual(
      expect.arrayContaining(['environment.promote.production']),
    );
    expect(requestsTo(received, 'POST', '/promotions')).toEqual([]);
  });

  it("offers no override of a locked target, and shows the server's refusal", async () => {
    const lockedStaging = {
      ...staging,
      locked: true,
      lock: { reason: 'Load test', source: 'lock' as const },
    };
    const received = serveBackend(server, {
      environments: [development, lockedStaging, production, preview],
    });
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
        HttpResponse.json(
          errorBody(
            'ConflictError',
            'toEnvironment: staging is locked: Load test',
            409,
          ),
          { status: 409 },
        ),
      ),
    );

    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.44.0-rc.2 to staging',
    });

    expect(within(dialog).getByText('staging is locked')).toBeVisible();
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    expect(within(dialog).queryByText(/needs a platform admin/)).toBeNull();
    await user.click(
      within(dialog).getByRole('button', { name: 'Promote to staging' }),
    );

    const alert = await within(dialog).findByRole('alert', {
      name: /Promotion refused/,
    });
    expect(alert).toHaveTextContent(
      'toEnvironment: staging is locked: Load test',
    );
    expect(requestsTo(received, 'POST', '/promotions')[0].body).toEqual({
      entityRef: 'component:default/course-service',
      version: '1.44.0-rc.2',
      fromEnvironment: 'development',
      toEnvironment: 'staging',
    });
    expect(screen.queryByText('Promotion pending')).toBeNull();
  });
});
