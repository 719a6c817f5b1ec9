import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  callers,
  EnvironmentsBackend,
  startEnvironmentsBackend,
} from './__testUtils__/environmentsBackend';
import {
  COURSE_SERVICE,
  LEARNING_TEAM,
  LENAS_SCRATCH,
  PAYMENTS_TEAM,
  PIPELINE_ENGINE,
  QUIZ_SERVICE,
  SEARCH_GUILD,
  TestUser,
  users,
} from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const { lena, paul, ada } = users;

describe('preview environments', () => {
  const started: EnvironmentsBackend[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(backend => backend.close()));
  });

  async function startBackend(databaseId: TestDatabaseId, config?: JsonObject) {
    const backend = await startEnvironmentsBackend(databases, databaseId, {
      config,
    });
    started.push(backend);
    return backend;
  }

  function createPreview(
    backend: EnvironmentsBackend,
    user: TestUser,
    overrides: Record<string, unknown> = {},
  ) {
    return backend.as(user).post('/environments', {
      name: 'pr-123',
      tier: 'preview',
      ttl: 'PT72H',
      service: 'course-service',
      ...overrides,
    });
  }

  async function previewNames(backend: EnvironmentsBackend) {
    return backend.knex('preview_environments').orderBy('name').pluck('name');
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('refuses anonymous callers of every write with 401, changing nothing', async () => {
      const backend = await startBackend(databaseId);
      await createPreview(backend, lena);
      const anonymous = backend.anonymous();

      const responses = [
        await anonymous.post('/environments', {
          name: 'pr-9',
          tier: 'preview',
          ttl: 'PT2H',
          service: 'course-service',
        }),
        await anonymous.post('/environments/pr-123/extend', { ttl: 'PT1H' }),
        await anonymous.del('/environments/pr-123'),
        await anonymous.put('/environments/pr-123/config/K', { value: 'v' }),
        await anonymous.del('/environments/pr-123/config/K'),
      ];

      expect(responses.map(r => r.status)).toEqual([401, 401, 401, 401, 401]);
      expect(await previewNames(backend)).toEqual(['pr-123']);
      expect(await backend.knex('environment_config').pluck('key')).toEqual([]);
      expect(await backend.auditActions()).toEqual(['environment.create']);
    });

    describe('POST /environments', () => {
      it("creates a preview of the caller's service, owned by the service's team, auditing it", async () => {
        const backend = await startBackend(databaseId);
        const before = Date.now();

        const response = await createPreview(backend, lena, {
          title: 'PR 123',
        });

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          name: 'pr-123',
          title: 'PR 123',
          tier: 'preview',
          owner: LEARNING_TEAM,
          service: COURSE_SERVICE,
          status: 'active',
          expiresAt: expect.any(String),
          locked: false,
          origin: 'preview',
          createdBy: lena.ref,
          createdAt: expect.any(String),
        });
        const expiresAt = new Date(response.body.expiresAt).getTime();
        expect(expiresAt).toBeGreaterThanOrEqual(before + 72 * 3_600_000);
        expect(expiresAt).toBeLessThan(Date.now() + 72 * 3_600_000 + 1);
        expect(backend.decisions).toContainEqual({
          permission: 'environment.create',
          resourceRef: COURSE_SERVICE,
          caller: lena.ref,
          result: AuthorizeResult.ALLOW,
        });
        const [row] = await backend.knex('preview_environments');
        expect(row).toMatchObject({
          owner: LEARNING_TEAM,
          service: COURSE_SERVICE,
        });
        expect(await backend.auditActions()).toEqual(['environment.create']);
        expect(backend.auditor.createEvent).toHaveBeenCalledWith(
          expect.objectContaining({
            eventId: 'environment-create',
            meta: { name: 'pr-123', ttl: 'PT72H', service: 'course-service' },
          }),
        );
        // The provider made its namespace.
        expect(backend.kubernetes.requests).toEqual([
          expect.objectContaining({
            method: 'POST',
            path: '/api/v1/namespaces',
          }),
        ]);
      });

      it("refuses a preview of another team's service with 403, creating nothing", async () => {
        const backend = await startBackend(databaseId);

        const response = await createPreview(backend, paul);

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          `service: you may not create previews of ${COURSE_SERVICE}`,
        );
        expect(await previewNames(backend)).toEqual([]);
        expect(await backend.auditActions()).toEqual([]);
        expect(backend.kubernetes.requests).toEqual([]);
      });

      it("lets an administrator create a preview of any service, owned by the service's team", async () => {
        const backend = await startBackend(databaseId);

        const response = await createPreview(backend, ada, {
          service: PIPELINE_ENGINE,
        });

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          owner: PAYMENTS_TEAM,
          service: PIPELINE_ENGINE,
          createdBy: ada.ref,
        });
      });

      it("runs templates as their user: the scaffolder's token on behalf of a non-owner is refused", async () => {
        const backend = await startBackend(databaseId);

        const refused = await backend
          .by(callers.scaffolderFor(paul))
          .post('/environments', {
            name: 'pr-123',
            tier: 'preview',
            ttl: 'PT72H',
            service: COURSE_SERVICE,
          });
        const created = await backend
          .by(callers.scaffolderFor(lena))
          .post('/environments', {
            name: 'pr-124',
            tier: 'preview',
            ttl: 'PT72H',
            service: COURSE_SERVICE,
          });

        expect(refused.status).toBe(403);
        expect(created.status).toBe(201);
        expect(created.body.createdBy).toBe(lena.ref);
        expect(await previewNames(backend)).toEqual(['pr-124']);
      });

      it("accepts a service's own token (not subject to policies), owned by the service's team", async () => {
        const backend = await startBackend(databaseId);

        const response = await backend
          .by(callers.service('plugin:catalog'))
          .post('/environments', {
            name: 'pr-123',
            tier: 'preview',
            ttl: 'PT72H',
            service: QUIZ_SERVICE,
          });

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          owner: LEARNING_TEAM,
          createdBy: 'service:plugin:catalog',
        });
      });

      describe('owner', () => {
        it('may be another group the caller is a member of', async () => {
          const backend = await startBackend(databaseId);

          const response = await createPreview(backend, lena, {
            owner: 'search-guild',
          });

          expect(response.status).toBe(201);
          expect(response.body).toMatchObject({
            owner: SEARCH_GUILD,
            service: COURSE_SERVICE,
          });
        });

        it("may be the service's owner, given explicitly", async () => {
          const backend = await startBackend(databaseId);
          const response = await createPreview(backend, lena, {
            owner: LEARNING_TEAM,
          });
          expect(response.status).toBe(201);
          expect(response.body.owner).toBe(LEARNING_TEAM);
        });

        it('refuses with 403 a group the caller is not a member of and that does not own the service', async () => {
          const backend = await startBackend(databaseId);

          const response = await createPreview(backend, lena, {
            owner: 'payments-team',
          });

          expect(response.status).toBe(403);
          expect(response.body.error.message).toBe(
            `owner: you are not a member of ${PAYMENTS_TEAM}, and it does not own ${COURSE_SERVICE}`,
          );
          expect(await previewNames(backend)).toEqual([]);
        });

        it('lets a service token name no owner but the service’s', async () => {
          const backend = await startBackend(databaseId);
          const response = await backend
            .by(callers.service('plugin:catalog'))
            .post('/environments', {
              name: 'pr-123',
              tier: 'preview',
              ttl: 'PT72H',
              service: COURSE_SERVICE,
              owner: SEARCH_GUILD,
            });
          expect(response.status).toBe(403);
          expect(await previewNames(backend)).toEqual([]);
        });

        it('must be named for a service owned by a person, not a team', async () => {
          const backend = await startBackend(databaseId);

          const unnamed = await createPreview(backend, lena, {
            service: LENAS_SCRATCH,
          });
          const named = await createPreview(backend, lena, {
            service: LENAS_SCRATCH,
            owner: SEARCH_GUILD,
          });

          expect(unnamed.status).toBe(400);
          expect(unnamed.body.error.message).toBe(
            `owner: ${LENAS_SCRATCH} is not owned by a group; name the group that owns the preview`,
          );
          expect(named.status).toBe(201);
        });
      });

      describe('quota', () => {
        it('refuses a sixth live preview of an owner with 409, by default', async () => {
          const backend = await startBackend(databaseId);
          for (let i = 1; i <= 5; i++) {
            expect(
              (await createPreview(backend, lena, { name: `pr-${i}` })).status,
            ).toBe(201);
          }

          const sixth = await createPreview(backend, lena, { name: 'pr-6' });
          const otherTeam = await createPreview(backend, paul, {
            name: 'pr-7',
            service: PIPELINE_ENGINE,
          });

          expect(sixth.status).toBe(409);
          expect(sixth.body.error.message).toBe(
            'learning-team already has 5 live previews (environments.previews.maxActivePerOwner)',
          );
          expect(otherTeam.status).toBe(201);
          expect(await previewNames(backend)).not.toContain('pr-6');
          expect(
            backend.kubernetes.requests.filter(r => r.method === 'POST'),
          ).toHaveLength(6);
        });

        it('counts per owner group, and frees a place when a preview goes', async () => {
          const backend = await startBackend(databaseId, {
            environments: { previews: { maxActivePerOwner: 1 } },
          });
          await createPreview(backend, lena, { name: 'pr-1' });

          const full = await createPreview(backend, lena, { name: 'pr-2' });
          // Another group of Lena's has room.
          const guild = await createPreview(backend, lena, {
            name: 'pr-3',
            owner: SEARCH_GUILD,
          });
          await backend.as(lena).del('/environments/pr-1');
          const afterTearDown = await createPreview(backend, lena, {
            name: 'pr-2',
          });

          expect(full.status).toBe(409);
          expect(full.body.error.message).toBe(
            'learning-team already has 1 live previews (environments.previews.maxActivePerOwner)',
          );
          expect(guild.status).toBe(201);
          expect(afterTearDown.status).toBe(201);
        });

        it('lets only as many concurrent creates pass as the quota allows', async () => {
          const backend = await startBackend(databaseId, {
            environments: { previews: { maxActivePerOwner: 2 } },
          });

          const responses = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              createPreview(backend, lena, { name: `pr-${i}` }),
            ),
          );

          const statuses = responses.map(r => r.status).sort();
          expect(statuses).toEqual([201, 201, 409, 409, 409, 409]);
          expect(await previewNames(backend)).toHaveLength(2);
          expect(
            backend.kubernetes.requests.filter(r => r.method === 'POST'),
          ).toHaveLength(2);
        });
      });

      it.each(['PT1H', 'P30D', 'PT720H', 'P4W'])(
        'accepts a ttl of %s',
        async ttl => {
          const backend = await startBackend(databaseId);
          expect((await createPreview(backend, lena, { ttl })).status).toBe(
            201,
          );
        },
      );

      it.each([
        ['PT59M', /^ttl: must be at least PT1H \(1 hour\)$/],
        ['P30DT1S', /^ttl: must be at most P30D \(30 days\)$/],
        ['P31D', /^ttl: must be at most P30D \(30 days\)$/],
        ['P5W', /^ttl: must be at most P30D \(30 days\)$/],
        ['PT0S', /^ttl: must be positive$/],
      ])('rejects a ttl of %s with a 400', async (ttl, message) => {
        const backend = await startBackend(databaseId);
        const response = await createPreview(backend, lena, { ttl });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });

      it.each([
        [
          'a ttl that is no duration',
          { ttl: '3 days' },
          /^ttl: "3 days" is not an ISO 8601 duration/,
        ],
        [
          'a ttl in months',
          { ttl: 'P1M' },
          /^ttl: use weeks, days, hours or minutes/,
        ],
        ['a name that is no DNS label', { name: 'PR_123' }, /name/],
        ['a name too long', { name: 'a'.repeat(64) }, /name/],
        ['a tier other than preview', { tier: 'staging' }, /tier/],
        ['a missing service', { service: undefined }, /service/],
        [
          'a service that is no component',
          { service: LEARNING_TEAM },
          /^service: must refer to a component, not a group$/,
        ],
        [
          'a service not in the catalog',
          { service: 'ghost-service' },
          /^service: no component component:default\/ghost-service in the catalog$/,
        ],
        [
          'an owner that is no group',
          { owner: 'user:default/jane.doe' },
          /^owner: must refer to a group, not a user$/,
        ],
        [
          'an owner not in the catalog',
          { owner: 'ghost-team' },
          /^owner: no group group:default\/ghost-team in the catalog$/,
        ],
        [
          'an unknown field',
          { colour: 'blue' },
          /must NOT have additional properties/,
        ],
      ])(
        'rejects %s with a 400 naming the field',
        async (_, overrides, message) => {
          const backend = await startBackend(databaseId);

          const response = await createPreview(backend, lena, overrides);

          expect(response.status).toBe(400);
          expect(response.body.error.message).toMatch(message);
          expect(await previewNames(backend)).toEqual([]);
        },
      );

      it('refuses a name taken by a catalog environment or another preview with 409', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena);

        const again = await createPreview(backend, lena);
        const catalogName = await createPreview(backend, lena, {
          name: 'staging',
        });

        expect(again.status).toBe(409);
        expect(again.body.error.message).toMatch(
          /^name: an environment named pr-123 exists$/,
        );
        expect(catalogName.status).toBe(409);
        expect(await backend.auditActions()).toEqual(['environment.create']);
      });
    });

    describe('DELETE /environments/{name}', () => {
      it('tears a preview down through the provider, with its config', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena);
        await backend
          .as(lena)
          .put('/environments/pr-123/config/FLAG', { value: 'on' });

        const response = await backend.as(lena).del('/environments/pr-123');

        expect(response.status).toBe(204);
        expect(backend.deletedNamespaces()).toEqual(['preview-pr-123']);
        expect(
          (await backend.as(lena).get('/environments/pr-123/config')).status,
        ).toBe(404);
        expect(await backend.auditActions()).toEqual([
          'environment.create',
          'config.set',
          'environment.delete',
        ]);
      });

      it("refuses another team's preview with 403 and leaves it as it was", async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena);
        await backend
          .as(lena)
          .put('/environments/pr-123/config/FLAG', { value: 'on' });

        const asOtherTeam = await backend.as(paul).del('/environments/pr-123');
        const asTheirTemplate = await backend
          .by(callers.scaffolderFor(paul))
          .del('/environments/pr-123');

        for (const response of [asOtherTeam, asTheirTemplate]) {
          expect(response.status).toBe(403);
          expect(response.body.error.message).toBe(
            'name: you may not tear down pr-123; its owners may',
          );
        }
        expect(backend.decisions).toContainEqual({
          permission: 'environment.delete',
          resourceRef: 'pr-123',
          caller: paul.ref,
          result: AuthorizeResult.DENY,
        });
        expect(backend.deletedNamespaces()).toEqual([]);
        const [row] = await backend.knex('preview_environments');
        expect(row).toMatchObject({ name: 'pr-123', status: 'active' });
        expect(
          (await backend.as(lena).get('/environments/pr-123/config')).body
            .items,
        ).toEqual([expect.objectContaining({ key: 'FLAG', value: 'on' })]);
        expect(await backend.auditActions()).toEqual([
          'environment.create',
          'config.set',
        ]);
      });

      it("lets an administrator tear down any team's preview", async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena);
        expect((await backend.as(ada).del('/environments/pr-123')).status).toBe(
          204,
        );
        expect(backend.deletedNamespaces()).toEqual(['preview-pr-123']);
      });

      it('refuses to delete a catalog environment: 409 for its owners, 403 for others', async () => {
        const backend = await startBackend(databaseId);

        const byAdmin = await backend.as(ada).del('/environments/staging');
        const byOwner = await backend.as(lena).del('/environments/learning-qa');
        const byOther = await backend.as(lena).del('/environments/staging');

        expect(byAdmin.status).toBe(409);
        expect(byAdmin.body.error.message).toMatch(
          /staging is a catalog environment/,
        );
        expect(byOwner.status).toBe(409);
        expect(byOther.status).toBe(403);
      });

      it('answers 404 for an unknown environment', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.as(lena).del('/environments/nowhere');
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'name: no environment named nowhere',
        );
      });
    });

    describe('POST /environments/{name}/extend', () => {
      it('adds the ttl to the current expiry, for its owners', async () => {
        const backend = await startBackend(databaseId);
        const created = await createPreview(backend, lena, { ttl: 'PT2H' });

        const response = await backend
          .as(lena)
          .post('/environments/pr-123/extend', { ttl: 'PT24H' });

        expect(response.status).toBe(200);
        expect(new Date(response.body.expiresAt).getTime()).toBe(
          new Date(created.body.expiresAt).getTime() + 24 * 3_600_000,
        );
        expect(await backend.auditActions()).toEqual([
          'environment.create',
          'environment.extend',
        ]);
      });

      it("refuses another team's preview with 403 and keeps its expiry", async () => {
        const backend = await startBackend(databaseId);
        const created = await createPreview(backend, lena, { ttl: 'PT2H' });

        const response = await backend
          .as(paul)
          .post('/environments/pr-123/extend', { ttl: 'P7D' });

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'name: you may not extend pr-123; its owners may',
        );
        const listed = await backend.as(lena).get('/environments');
        expect(
          listed.body.items.find((e: { name: string }) => e.name === 'pr-123'),
        ).toMatchObject({ expiresAt: created.body.expiresAt });
        expect(await backend.auditActions()).toEqual(['environment.create']);
      });

      it("lets an administrator extend any team's preview", async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena);
        const response = await backend
          .as(ada)
          .post('/environments/pr-123/extend', { ttl: 'PT1H' });
        expect(response.status).toBe(200);
      });

      it('refuses to extend past 30 days from now', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, lena, { ttl: 'P29D' });

        const response = await backend
          .as(lena)
          .post('/environments/pr-123/extend', { ttl: 'P2D' });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /^ttl: the preview would expire at .* more than P30D/,
        );
      });

      it('refuses catalog environments with 409 and unknown ones with 404', async () => {
        const backend = await startBackend(databaseId);
        expect(
          (
            await backend
              .as(ada)
              .post('/environments/production/extend', { ttl: 'PT1H' })
          ).status,
        ).toBe(409);
        expect(
          (
            await backend
              .as(lena)
              .post('/environments/nowhere/extend', { ttl: 'PT1H' })
          ).status,
        ).toBe(404);
      });
    });
  });
});
