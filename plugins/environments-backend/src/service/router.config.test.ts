import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MASKED_SECRET_VALUE } from '@internal/plugin-environments-common';
import {
  callers,
  EnvironmentsBackend,
  startEnvironmentsBackend,
} from './__testUtils__/environmentsBackend';
import {
  LEARNING_TEAM,
  PLATFORM_TEAM,
  SECRET,
  TestUser,
  users,
} from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const { lena, paul, ada } = users;

describe('environment config', () => {
  const started: EnvironmentsBackend[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(backend => backend.close()));
  });

  async function startBackend(
    databaseId: TestDatabaseId,
    options: Parameters<typeof startEnvironmentsBackend>[2] = {},
  ) {
    const backend = await startEnvironmentsBackend(
      databases,
      databaseId,
      options,
    );
    started.push(backend);
    return backend;
  }

  function put(
    backend: EnvironmentsBackend,
    user: TestUser,
    environment: string,
    key: string,
    value: string,
    secret = false,
  ) {
    return backend
      .as(user)
      .put(`/environments/${environment}/config/${key}`, { value, secret });
  }

  /** An entry as stored, straight from the table. */
  async function storedEntry(
    backend: EnvironmentsBackend,
    environment: string,
    key: string,
  ) {
    return backend
      .knex('environment_config')
      .where({ environment, key })
      .first('value', 'updated_by');
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    describe('PUT and DELETE /environments/{name}/config/{key}', () => {
      it('stores entries of an environment the caller owns, masking secrets', async () => {
        const backend = await startBackend(databaseId);

        const plain = await put(backend, lena, 'learning-qa', 'LOG', 'debug');
        const secret = await put(
          backend,
          lena,
          'learning-qa',
          'DB_PASSWORD',
          SECRET,
          true,
        );
        const listed = await backend
          .as(paul)
          .get('/environments/learning-qa/config');

        expect(plain.status).toBe(200);
        expect(plain.body).toEqual({
          key: 'LOG',
          value: 'debug',
          secret: false,
          updatedAt: expect.any(String),
          updatedBy: lena.ref,
        });
        expect(secret.body).toMatchObject({
          value: MASKED_SECRET_VALUE,
          secret: true,
        });
        // Anyone signed in reads the config, secrets masked.
        expect(listed.body.items).toEqual([
          expect.objectContaining({
            key: 'DB_PASSWORD',
            value: MASKED_SECRET_VALUE,
            secret: true,
          }),
          expect.objectContaining({ key: 'LOG', value: 'debug' }),
        ]);
        expect(listed.text).not.toContain(SECRET);
        const [row] = await backend
          .knex('environment_config')
          .where({ key: 'DB_PASSWORD' });
        expect(row.value).toBeNull();
        expect(row.ciphertext).not.toContain(SECRET);
        expect(backend.decisions).toContainEqual({
          permission: 'environment.config.write',
          resourceRef: 'learning-qa',
          caller: lena.ref,
          result: AuthorizeResult.ALLOW,
        });
      });

      it.each([
        ["another team's environment", 'payments-qa'],
        ["the platform's staging", 'staging'],
        ['production', 'production'],
        ['a production-tier environment the caller owns', 'learning-prod'],
      ])(
        'refuses to change the config of %s with 403, leaving it as it was',
        async (_, environment) => {
          const backend = await startBackend(databaseId);
          await put(backend, ada, environment, 'REPLICAS', '3');

          const changed = await put(
            backend,
            lena,
            environment,
            'REPLICAS',
            '1',
          );
          const added = await put(backend, lena, environment, 'NEW', 'x');
          const deleted = await backend
            .as(lena)
            .del(`/environments/${environment}/config/REPLICAS`);

          for (const response of [changed, added, deleted]) {
            expect(response.status).toBe(403);
            expect(response.body.error.message).toBe(
              `name: you may not change the config of ${environment}`,
            );
          }
          expect(await storedEntry(backend, environment, 'REPLICAS')).toEqual({
            value: '3',
            updated_by: ada.ref,
          });
          expect(
            await storedEntry(backend, environment, 'NEW'),
          ).toBeUndefined();
          expect(await backend.auditActions()).toEqual(['config.set']);
        },
      );

      it('lets owners of a preview change its config, and nobody of another team', async () => {
        const backend = await startBackend(databaseId);
        await backend.as(lena).post('/environments', {
          name: 'pr-1',
          tier: 'preview',
          ttl: 'PT2H',
          service: 'course-service',
        });

        const byOwner = await put(backend, lena, 'pr-1', 'FLAG', 'on');
        const byOther = await put(backend, paul, 'pr-1', 'FLAG', 'off');
        const byOthersTemplate = await backend
          .by(callers.scaffolderFor(paul))
          .put('/environments/pr-1/config/FLAG', { value: 'off' });

        expect(byOwner.status).toBe(200);
        expect(byOther.status).toBe(403);
        expect(byOthersTemplate.status).toBe(403);
        expect(await storedEntry(backend, 'pr-1', 'FLAG')).toEqual({
          value: 'on',
          updated_by: lena.ref,
        });
      });

      it('lets administrators change the config of any environment, production too', async () => {
        const backend = await startBackend(databaseId);
        for (const environment of ['production', 'learning-prod', 'staging']) {
          expect(
            (await put(backend, ada, environment, 'REPLICAS', '3')).status,
          ).toBe(200);
        }
        expect(
          (
            await backend
              .as(ada)
              .del('/environments/production/config/REPLICAS')
          ).status,
        ).toBe(204);
      });

      it("accepts a plugin's own service token: services are not subject to policies", async () => {
        const backend = await startBackend(databaseId);
        const response = await backend
          .by(callers.service('plugin:catalog'))
          .put('/environments/production/config/REPLICAS', { value: '3' });
        expect(response.status).toBe(200);
        expect(response.body.updatedBy).toBe('service:plugin:catalog');
      });

      it('deletes an entry, then answers 404 for it', async () => {
        const backend = await startBackend(databaseId);
        await put(backend, lena, 'learning-qa', 'LOG_LEVEL', 'debug');

        const first = await backend
          .as(lena)
          .del('/environments/learning-qa/config/LOG_LEVEL');
        const second = await backend
          .as(lena)
          .del('/environments/learning-qa/config/LOG_LEVEL');

        expect(first.status).toBe(204);
        expect(second.status).toBe(404);
        expect(second.body.error.message).toBe(
          'key: learning-qa has no config entry LOG_LEVEL',
        );
        expect(await backend.auditActions()).toEqual([
          'config.set',
          'config.delete',
        ]);
      });

      it.each([
        [
          'an unknown environment',
          '/environments/nowhere/config/K',
          { value: 'v' },
          404,
          /^name: no environment named nowhere$/,
        ],
        [
          'a key with a space',
          '/environments/staging/config/A%20B',
          { value: 'v' },
          400,
          /key/,
        ],
        [
          'a key starting with a digit',
          '/environments/staging/config/1A',
          { value: 'v' },
          400,
          /key/,
        ],
        [
          'a value that is not a string',
          '/environments/staging/config/K',
          { value: 3 },
          400,
          /value/,
        ],
        [
          'a missing value',
          '/environments/staging/config/K',
          { secret: true },
          400,
          /value/,
        ],
        [
          'a secret flag that is not boolean',
          '/environments/staging/config/K',
          { value: 'v', secret: 'yes' },
          400,
          /secret/,
        ],
      ])('rejects %s', async (_, path, body, status, message) => {
        const backend = await startBackend(databaseId);
        const response = await backend.as(ada).put(path, body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        expect(await backend.knex('environment_config').pluck('key')).toEqual(
          [],
        );
      });

      it('refuses secrets without environments.secretsKey, storing nothing', async () => {
        const backend = await startBackend(databaseId, {
          config: { environments: { secretsKey: undefined } },
        });
        const response = await put(backend, ada, 'staging', 'K', SECRET, true);
        expect(response.status).toBe(503);
        expect(response.text).not.toContain(SECRET);
        expect(await backend.knex('environment_config').pluck('key')).toEqual(
          [],
        );
      });
    });

    describe('GET /config-diff', () => {
      const masked = { value: MASKED_SECRET_VALUE, secret: true };

      /** learning-qa and staging: the same and different plain values and secrets. */
      async function seed(backend: EnvironmentsBackend) {
        const pairs: Array<[string, string, string, boolean?]> = [
          ['SAME', 'x', 'x'],
          ['CHANGED', 'a', 'b'],
          ['SAME_SECRET', SECRET, SECRET, true],
          ['OTHER_SECRET', SECRET, `${SECRET}!`, true],
        ];
        for (const [key, a, b, secret] of pairs) {
          await put(backend, ada, 'learning-qa', key, a, secret);
          await put(backend, ada, 'staging', key, b, secret);
        }
        await put(backend, ada, 'learning-qa', 'ONLY_QA', 'a');
        await put(backend, ada, 'staging', 'ONLY_STAGING', 'a');
        // The same text, secret on one side only.
        await put(backend, ada, 'learning-qa', 'TOKEN', 'abc', true);
        await put(backend, ada, 'staging', 'TOKEN', 'abc');
      }

      function diff(backend: EnvironmentsBackend, user: TestUser) {
        return backend
          .as(user)
          .get('/config-diff', { from: 'learning-qa', to: 'staging' });
      }

      it('compares secrets by value for a caller who may write both configs', async () => {
        const backend = await startBackend(databaseId);
        await seed(backend);

        const response = await diff(backend, ada);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          from: 'learning-qa',
          to: 'staging',
          items: [
            {
              key: 'CHANGED',
              from: { value: 'a', secret: false },
              to: { value: 'b', secret: false },
              status: 'different',
            },
            {
              key: 'ONLY_QA',
              from: { value: 'a', secret: false },
              status: 'only-from',
            },
            {
              key: 'ONLY_STAGING',
              to: { value: 'a', secret: false },
              status: 'only-to',
            },
            {
              key: 'OTHER_SECRET',
              from: masked,
              to: masked,
              status: 'different',
            },
            {
              key: 'SAME',
              from: { value: 'x', secret: false },
              to: { value: 'x', secret: false },
              status: 'same',
            },
            { key: 'SAME_SECRET', from: masked, to: masked, status: 'same' },
            // Saying they are the same would disclose the secret.
            {
              key: 'TOKEN',
              from: masked,
              to: { value: 'abc', secret: false },
              status: 'different',
            },
          ],
        });
        expect(response.text).not.toContain(SECRET);
      });

      it('does not compare secrets for a caller who may not write one of the configs', async () => {
        const backend = await startBackend(databaseId);
        await seed(backend);

        // Lena may write learning-qa's config, not staging's; Paul neither.
        const responses = [
          await diff(backend, lena),
          await diff(backend, paul),
        ];

        for (const response of responses) {
          expect(response.status).toBe(200);
          const status = Object.fromEntries(
            response.body.items.map((i: { key: string; status: string }) => [
              i.key,
              i.status,
            ]),
          );
          expect(status).toEqual({
            CHANGED: 'different',
            ONLY_QA: 'only-from',
            ONLY_STAGING: 'only-to',
            OTHER_SECRET: 'not_compared',
            SAME: 'same',
            SAME_SECRET: 'not_compared',
            TOKEN: 'not_compared',
          });
          expect(response.text).not.toContain(SECRET);
        }
        expect(backend.decisions).toEqual(
          expect.arrayContaining([
            {
              permission: 'environment.config.write',
              resourceRef: 'learning-qa',
              caller: lena.ref,
              result: AuthorizeResult.ALLOW,
            },
            {
              permission: 'environment.config.write',
              resourceRef: 'staging',
              caller: lena.ref,
              result: AuthorizeResult.DENY,
            },
          ]),
        );
      });

      it("compares secrets between two environments the caller's team owns, not with production tier", async () => {
        const backend = await startBackend(databaseId);
        await backend.as(lena).post('/environments', {
          name: 'pr-1',
          tier: 'preview',
          ttl: 'PT2H',
          service: 'course-service',
        });
        for (const environment of ['learning-qa', 'pr-1', 'learning-prod']) {
          await put(backend, ada, environment, 'API_KEY', SECRET, true);
        }

        const owned = await backend
          .as(lena)
          .get('/config-diff', { from: 'learning-qa', to: 'pr-1' });
        const withProduction = await backend
          .as(lena)
          .get('/config-diff', { from: 'learning-qa', to: 'learning-prod' });

        expect(owned.body.items).toEqual([
          { key: 'API_KEY', from: masked, to: masked, status: 'same' },
        ]);
        expect(withProduction.body.items).toEqual([
          { key: 'API_KEY', from: masked, to: masked, status: 'not_compared' },
        ]);
      });

      it('needs no secrets key when it compares no secrets', async () => {
        const backend = await startBackend(databaseId);
        await put(backend, ada, 'learning-qa', 'K', SECRET, true);
        await put(backend, ada, 'staging', 'K', SECRET, true);
        const withoutKey = await startBackend(databaseId, {
          knex: backend.knex,
          config: { environments: { secretsKey: undefined } },
        });
        // Same database, a backend without the key.
        const response = await diff(withoutKey, lena);
        expect(response.status).toBe(200);
        expect(response.body.items).toEqual([
          { key: 'K', from: masked, to: masked, status: 'not_compared' },
        ]);
      });

      it('answers 404 naming the unknown side, and 400 without both', async () => {
        const backend = await startBackend(databaseId);
        const unknown = await backend
          .as(lena)
          .get('/config-diff', { from: 'staging', to: 'nowhere' });
        const missing = await backend
          .as(lena)
          .get('/config-diff', { from: 'staging' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.message).toBe(
          'to: no environment named nowhere',
        );
        expect(missing.status).toBe(400);
        expect(missing.body.error.message).toMatch(/to/);
      });
    });

    describe('names cannot be taken over', () => {
      it("ignores a team's Resource outside the default namespace named like the platform's staging", async () => {
        const backend = await startBackend(databaseId);

        const listed = await backend.as(lena).get('/environments');
        const write = await put(backend, lena, 'staging', 'LOG', 'debug');

        const named = listed.body.items.filter(
          (e: { name: string }) => e.name === 'staging',
        );
        expect(named).toEqual([
          expect.objectContaining({
            owner: PLATFORM_TEAM,
            entityRef: 'resource:default/staging',
          }),
        ]);
        expect(write.status).toBe(403);
        expect(await storedEntry(backend, 'staging', 'LOG')).toBeUndefined();
        expect(backend.logLines.join('\n')).toContain(
          'resource:learning/staging is not an environment of the environment manager: it is not in the default namespace',
        );
      });

      it('knows no environment only defined outside the default namespace', async () => {
        const backend = await startBackend(databaseId);

        const listed = await backend.as(lena).get('/environments');
        const write = await put(backend, lena, 'learning-sandbox', 'K', 'v');

        expect(
          listed.body.items.map((e: { name: string }) => e.name),
        ).not.toContain('learning-sandbox');
        expect(write.status).toBe(404);
        expect(await backend.knex('environment_config').pluck('key')).toEqual(
          [],
        );
      });

      it('keeps a live preview its name when a catalog Resource of that name appears later', async () => {
        const backend = await startBackend(databaseId);
        // The learning team's preview, created before the payments team
        // registered resource:default/pr-taken.
        const now = new Date();
        await backend.knex('preview_environments').insert({
          name: 'pr-taken',
          title: null,
          owner: LEARNING_TEAM,
          service: 'component:default/course-service',
          ttl: 'PT2H',
          status: 'active',
          expires_at: new Date(now.getTime() + 2 * 3_600_000),
          warned_at: null,
          created_by: lena.ref,
          created_at: now,
          updated_at: now,
        });

        const listed = await backend.as(paul).get('/environments');
        const byResourceOwner = await put(backend, paul, 'pr-taken', 'K', 'x');
        const byPreviewOwner = await put(backend, lena, 'pr-taken', 'K', 'v');
        const deleteByResourceOwner = await backend
          .as(paul)
          .del('/environments/pr-taken');

        expect(
          listed.body.items.filter(
            (e: { name: string }) => e.name === 'pr-taken',
          ),
        ).toEqual([
          expect.objectContaining({ origin: 'preview', owner: LEARNING_TEAM }),
        ]);
        expect(byResourceOwner.status).toBe(403);
        expect(deleteByResourceOwner.status).toBe(403);
        expect(byPreviewOwner.status).toBe(200);
        expect(await storedEntry(backend, 'pr-taken', 'K')).toEqual({
          value: 'v',
          updated_by: lena.ref,
        });
        expect(backend.deletedNamespaces()).toEqual([]);
        expect(backend.logLines.join('\n')).toContain(
          'resource:default/pr-taken is not an environment of the environment manager: the preview environment pr-taken holds that name until it is gone',
        );
      });
    });
  });
});
