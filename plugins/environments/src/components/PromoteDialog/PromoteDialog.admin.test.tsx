import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { within } from '@testing-library/react';
import userEvent, { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { requestsTo, serveBackend } from '../../__testUtils__/backend';
import {
  aPromotion,
  development,
  ENVIRONMENTS_API_URL,
  errorBody,
  preview,
  production,
  staging,
} from '../../__testUtils__/fixtures';
import { openPromoteDialog } from '../../__testUtils__/promoteDialog';

// A platform admin: every permission is granted. (usePermission caches
// answers for the whole file; the other users' view is in
// PromoteDialog.test.tsx.)

const server = setupServer();
registerMswTestHooks(server);

let user: UserEvent;
beforeEach(() => {
  user = userEvent.setup({ delay: null });
});

const authorize = () => AuthorizeResult.ALLOW;

describe('the promote dialog for a platform admin', () => {
  it('overrides a lock only with a reason, which it sends along', async () => {
    const received = serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
        HttpResponse.json(aPromotion(), { status: 201 }),
      ),
    );
    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.43.0 to production',
    });
    expect(
      within(dialog).getByText(
        /refused while it lasts, unless you override it/,
      ),
    ).toBeVisible();
    expect(within(dialog).queryByText(/needs a platform admin/)).toBeNull();

    await user.click(
      await within(dialog).findByRole('checkbox', {
        name: 'Override the lock',
      }),
    );
    const promote = within(dialog).getByRole('button', {
      name: 'Override and promote to production',
    });
    await user.click(promote);

    expect(
      within(dialog).getByText(
        'Say why the lock may not hold for this promotion; the audit trail keeps it.',
      ),
    ).toBeVisible();
    expect(requestsTo(received, 'POST', '/promotions')).toEqual([]);

    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason for the override/ }),
      '  Fix for the checkout outage  ',
    );
    await user.click(promote);

    expect(await within(dialog).findByText('Promotion pending')).toBeVisible();
    expect(requestsTo(received, 'POST', '/promotions')[0].body).toEqual({
      entityRef: 'component:default/course-service',
      version: '1.43.0',
      fromEnvironment: 'staging',
      toEnvironment: 'production',
      override: { reason: 'Fix for the checkout outage' },
    });
  });

  it('promotes without an override unless it is chosen, and shows why the server refused', async () => {
    const received = serveBackend(server);
    server.use(
      http.post(`${ENVIRONMENTS_API_URL}/promotions`, () =>
        HttpResponse.json(
          errorBody(
            'ConflictError',
            'toEnvironment: production is locked: Release freeze for the winter sale',
            409,
          ),
          { status: 409 },
        ),
      ),
    );
    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.43.0 to production',
    });

    await user.click(
      await within(dialog).findByRole('button', {
        name: 'Promote to production',
      }),
    );

    expect(
      await within(dialog).findByRole('alert', { name: /Promotion refused/ }),
    ).toHaveTextContent(
      'toEnvironment: production is locked: Release freeze for the winter sale',
    );
    expect(
      requestsTo(received, 'POST', '/promotions')[0].body,
    ).not.toHaveProperty('override');
  });

  it('names a freeze window as what it overrides', async () => {
    const frozenStaging = {
      ...staging,
      locked: true,
      lock: {
        reason: 'Quarter close',
        until: '2025-11-17T07:00:00.000Z',
        source: 'freeze-window' as const,
      },
    };
    serveBackend(server, {
      environments: [development, frozenStaging, production, preview],
    });

    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.44.0-rc.2 to staging',
    });

    expect(
      await within(dialog).findByRole('checkbox', {
        name: 'Override the freeze window',
      }),
    ).not.toBeChecked();
  });

  it('offers no override for a target that is not locked', async () => {
    serveBackend(server);

    const dialog = await openPromoteDialog({
      user,
      authorize,
      button: 'Promote course-service 1.44.0-rc.2 to staging',
    });

    expect(
      within(dialog).getByRole('button', { name: 'Promote to staging' }),
    ).toBeEnabled();
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
  });
});
