import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  itemCreatePermission,
  itemDeletePermission,
} from '@internal/plugin-${{ values.name }}-common';
import request from 'supertest';
import { ${{ values.camelName }}Plugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const JANE = 'user:default/jane.doe';
const USER = mockCredentials.user.header(JANE);
const SERVICE = mockCredentials.service.header();
const ANONYMOUS = mockCredentials.none.header();
const COURSE_SERVICE = 'component:default/course-service';
const USER_SERVICE = 'component:default/user-service';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

async function startBackend(
  databaseId: TestDatabaseId,
  decide: (request: EvaluatePermissionRequest) => AuthorizeResult = () =>
    AuthorizeResult.ALLOW,
) {
  const knex = await databases.init(databaseId);
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      (requests as EvaluatePermissionRequest[]).map(r => ({
        result: decide(r) as AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const { server } = await startTestBackend({
    features: [
      ${{ values.camelName }}Plugin,
      mockServices.database.factory({ knex }),
      permissions.factory,
      auditor.factory,
      catalogServiceMock.factory({
        entities: [component('course-service'), component('user-service')],
      }),
    ],
  });
  const api = request(server);
  return {
    knex,
    permissions,
    auditor,
    list: (query: Record<string, string | number> = {}, auth = USER) =>
      api.get('/api/${{ values.name }}/items').query(query).set('Authorization', auth),
    create: (body: object, auth = USER) =>
      api.post('/api/${{ values.name }}/items').set('Authorization', auth).send(body),
    remove: (id: string, auth = USER) =>
      api
        .delete(`/api/${{ values.name }}/items/${encodeURIComponent(id)}`)
        .set('Authorization', auth),
  };
}

describe.each(databases.eachSupportedId())(
  'the ${{ values.name }} API on %p',
  databaseId => {
    it("adds items as the signed-in user and lists an entity's, newest first", async () => {
      const { create, list } = await startBackend(databaseId);

      const first = await create({
        entityRef: 'Component:default/Course-Service',
        title: '  Check the dashboards ',
      });
      await new Promise(resolve => setTimeout(resolve, 5));
      const second = await create({ entityRef: COURSE_SERVICE, title: 'Two' });
      await create({ entityRef: USER_SERVICE, title: 'Elsewhere' });

      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        entityRef: COURSE_SERVICE,
        title: 'Check the dashboards',
        createdBy: JANE,
        createdAt: expect.any(String),
      });
      const listed = await list({ entityRef: COURSE_SERVICE });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([second.body, first.body]);
      expect((await list({ limit: 1 })).body.items).toHaveLength(1);
    });

    it('lets services read, and only users write', async () => {
      const { create, list, knex } = await startBackend(databaseId);

      expect((await list({}, SERVICE)).status).toBe(200);
      const response = await create(
        { entityRef: COURSE_SERVICE, title: 'From a script' },
        SERVICE,
      );

      expect(response.status).toBe(403);
      expect(await knex('items').pluck('id')).toEqual([]);
    });

    it('refuses anonymous callers with 401', async () => {
      const { list, create } = await startBackend(databaseId);

      expect((await list({}, ANONYMOUS)).status).toBe(401);
      expect(
        (await create({ entityRef: COURSE_SERVICE, title: 'x' }, ANONYMOUS))
          .status,
      ).toBe(401);
    });

    it('refuses bad input with a 400 that says why, storing nothing', async () => {
      const { create, knex } = await startBackend(databaseId);
      const cases: Array<[object, RegExp]> = [
        [
          { entityRef: 'not a ref', title: 'x' },
          /^entityRef: "not a ref" is not an entity ref/,
        ],
        [
          { entityRef: COURSE_SERVICE, title: '   ' },
          /^title: must not be blank$/,
        ],
        [
          { entityRef: 'component:default/unknown', title: 'x' },
          /^entityRef: no entity component:default\/unknown in the catalog$/,
        ],
        [{ entityRef: COURSE_SERVICE }, /title/],
        [
          { entityRef: COURSE_SERVICE, title: 'x', extra: true },
          /must NOT have additional properties/,
        ],
      ];

      for (const [body, message] of cases) {
        const response = await create(body);

        expect({ body, status: response.status }).toEqual({
          body,
          status: 400,
        });
        expect(response.body.error.message).toMatch(message);
      }
      expect(await knex('items').pluck('id')).toEqual([]);
    });

    it("checks the permission on the item's entity, and audits the refusal", async () => {
      const { create, remove, permissions, auditor, knex } = await startBackend(
        databaseId,
        ({ permission }) =>
          permission.name === itemDeletePermission.name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      );
      const created = await create({ entityRef: COURSE_SERVICE, title: 'x' });

      const refused = await remove(created.body.id);

      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        `You may not delete items of ${COURSE_SERVICE}`,
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: itemCreatePermission, resourceRef: COURSE_SERVICE }],
        expect.objectContaining({
          credentials: expect.objectContaining({
            principal: expect.objectContaining({ userEntityRef: JANE }),
          }),
        }),
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: itemDeletePermission, resourceRef: COURSE_SERVICE }],
        expect.anything(),
      );
      expect(await knex('items').pluck('id')).toEqual([created.body.id]);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'item-delete',
          meta: { itemId: created.body.id },
        }),
      );
    });

    it('refuses to add items to an entity without the permission', async () => {
      const { create, knex } = await startBackend(
        databaseId,
        () => AuthorizeResult.DENY,
      );

      const response = await create({ entityRef: COURSE_SERVICE, title: 'x' });

      expect(response.status).toBe(403);
      expect(await knex('items').pluck('id')).toEqual([]);
    });

    it('deletes an item once, then answers 404', async () => {
      const { create, remove, list } = await startBackend(databaseId);
      const created = await create({ entityRef: COURSE_SERVICE, title: 'x' });

      expect((await remove(created.body.id)).status).toBe(204);
      expect((await list()).body.items).toEqual([]);
      const again = await remove(created.body.id);
      expect(again.status).toBe(404);
      expect(again.body.error.message).toBe(`No item "${created.body.id}"`);
    });
  },
);
