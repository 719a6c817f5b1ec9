import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { coursesApi } from '../../api';
import { entityLearnCard, learnPage } from '../../plugin';
import { serveBackend } from '../../__testUtils__/backend';
import {
  anEnrollment,
  BACKEND_BASE_URL,
  courseService,
} from '../../__testUtils__/fixtures';

const server = setupServer();
registerMswTestHooks(server);

function renderEntityPage(entity: Entity) {
  return renderTestApp({
    extensions: [
      createTestEntityPage({ entity }),
      entityLearnCard,
      // Mounts the course pages the card links to.
      learnPage,
      coursesApi,
    ],
    apis: [mockApis.discovery({ baseUrl: BACKEND_BASE_URL })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const nodeServiceTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'node-service',
    namespace: 'default',
    annotations: { 'courses/recommended': 'portal-basics, no-such-course' },
  },
  spec: { type: 'service', owner: 'platform-team', steps: [] },
};

describe('the Learn card', () => {
  it("lists a service's recommended courses with the user's progress", async () => {
    serveBackend(server, {
      enrollments: [anEnrollment({ progress: 0.5 })],
    });
    renderEntityPage(courseService);

    const list = await screen.findByRole(
      'list',
      { name: 'Recommended courses' },
      { timeout: 10_000 },
    );
    const headings = within(list).getAllByRole('heading');
    expect(headings.map(heading => heading.textContent)).toEqual([
      'Deploying with ArgoCD',
      'Writing TechDocs',
    ]);
    const items = headings.map(heading => heading.closest('li')!);
    expect(within(items[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/learn/courses/deploying-with-argocd',
    );
    expect(
      await within(items[0]).findByRole('progressbar', {
        name: 'Progress in Deploying with ArgoCD',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(within(items[1]).getByText('Not started')).toBeVisible();
  });

  it('shows on templates, and names the courses it cannot find', async () => {
    serveBackend(server);
    renderEntityPage(nodeServiceTemplate);

    const list = await screen.findByRole(
      'list',
      { name: 'Recommended courses' },
      { timeout: 10_000 },
    );
    expect(
      within(list).getByRole('link', { name: 'Portal basics' }),
    ).toBeVisible();
    expect(
      screen.getByText('Not in the course catalog: no-such-course'),
    ).toBeVisible();
  });

  it('is shown only on entities that recommend a course', () => {
    const tester = createExtensionTester(entityLearnCard);
    const showsOn = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;

    expect(showsOn(courseService)).toBe(true);
    expect(showsOn(nodeServiceTemplate)).toBe(true);
    expect(
      showsOn({ ...courseService, metadata: { name: 'user-service' } }),
    ).toBe(false);
    // An annotation without a single valid course id recommends nothing.
    expect(
      showsOn({
        ...courseService,
        metadata: {
          name: 'user-service',
          annotations: { 'courses/recommended': ' , Not A Slug!' },
        },
      }),
    ).toBe(false);
  });
});
