import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from '../secrets/SecretCipher';
import { NewAuditEntry } from './EnvironmentStore';
import { KnexEnvironmentStore } from './KnexEnvironmentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const JANE = 'user:default/jane.doe';

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexEnvironmentStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

function audit(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    environment: 'staging',
    action: 'config.set',
    actor: JANE,
    ...overrides,
  };
}

const hours = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000);

describe.each(databases.eachSupportedId())(
  'KnexEnvironmentStore on %p',
  databaseId => {
    describe('config', () => {
      it('stores, replaces and lists entries by key, auditing each write', async () => {
        const { store } = await createStore(databaseId);

        await store.putConfigEntry(
          {
            environment: 'staging',
            key: 'LOG_LEVEL',
            secret: false,
            value: 'info',
            updatedBy: JANE,
          },
          audit({ details: { key: 'LOG_LEVEL' } }),
        );
        await store.putConfigEntry(
          {
            environment: 'staging',
            key: 'LOG_LEVEL',
            secret: false,
            value: 'debug',
            updatedBy: 'user:default/joe',
          },
          audit({ details: { key: 'LOG_LEVEL' } }),
        );
        await store.putConfigEntry(
          {
            environment: 'staging',
            key: 'A_FLAG',
            secret: false,
            value: 'on',
            updatedBy: JANE,
          },
          audit({ details: { key: 'A_FLAG' } }),
        );
        await store.putConfigEntry(
          {
            environment: 'production',
            key: 'LOG_LEVEL',
            secret: false,
            value: 'warn',
            updatedBy: JANE,
          },
          audit({ environment: 'production' }),
        );

        expect(await store.listConfig('staging')).toEqual([
          {
            environment: 'staging',
            key: 'A_FLAG',
            secret: false,
            value: 'on',
            updatedBy: JANE,
            updatedAt: expect.any(String),
          },
          {
            environment: 'staging',
            key: 'LOG_LEVEL',
            secret: false,
            value: 'debug',
            updatedBy: 'user:default/joe',
            updatedAt: expect.any(String),
          },
        ]);
        const trail = await store.listAudit({
          environment: 'staging',
          limit: 10,
        });
        expect(trail.items).toHaveLength(3);
      });

      it('stores a secret only as ciphertext: the raw column never holds the plaintext', async () => {
        const { knex, store } = await createStore(databaseId);
        const cipher = new SecretCipher(randomBytes(32));
        const plaintext = 'correct-horse-battery-staple';
        const context = { environment: 'staging', key: 'DB_PASSWORD' };

        await store.putConfigEntry(
          {
            ...context,
            secret: true,
            ciphertext: cipher.encrypt(plaintext, context),
            updatedBy: JANE,
          },
          audit({ details: { key: 'DB_PASSWORD', secret: true } }),
        );

        const rows = await knex('environment_config').select('*');
        expect(rows).toHaveLength(1);
        expect(rows[0].value).toBeNull();
        expect(rows[0].ciphertext).toMatch(/^v1\./);
        expect(JSON.stringify(rows)).not.toContain(plaintext);
        const auditRows = await knex('environment_audit').select('*');
        expect(JSON.stringify(auditRows)).not.toContain(plaintext);

        const [entry] = await store.listConfig('staging');
        expect(entry).toMatchObject({ secret: true });
        expect(entry.secret && cipher.decrypt(entry.ciphertext, context)).toBe(
          plaintext,
        );
      });

      it('turns a secret into a plain entry and back', async () => {
        const { knex, store } = await createStore(databaseId);
        const base = { environment: 'staging', key: 'TOKEN', updatedBy: JANE };
        await store.putConfigEntry(
          { ...base, secret: true, ciphertext: 'v1.a.b.c' },
          audit(),
        );
        await store.putConfigEntry(
          { ...base, secret: false, value: 'plain' },
          audit(),
        );

        const [row] = await knex('environment_config').select('*');
        expect(row.ciphertext).toBeNull();
        expect(row.value).toBe('plain');
      });

      it('deletes an entry once, auditing only a real deletion', async () => {
        const { store } = await createStore(databaseId);
        await store.putConfigEntry(
          {
            environment: 'staging',
            key: 'K',
            secret: false,
            value: 'v',
            updatedBy: JANE,
          },
          audit(),
        );

        expect(
          await store.deleteConfigEntry(
            'staging',
            'K',
            audit({ action: 'config.delete' }),
          ),
        ).toBe(true);
        expect(
          await store.deleteConfigEntry(
            'staging',
            'K',
            audit({ action: 'config.delete' }),
          ),
        ).toBe(false);

        expect(await store.listConfig('staging')).toEqual([]);
        const { items } = await store.listAudit({ limit: 10 });
        // Both may fall into one millisecond, so their order is not asserted.
        expect(items.map(i => i.action).sort()).toEqual([
          'config.delete',
          'config.set',
        ]);
      });
    });

    describe('locks', () => {
      it('lists the locks in force at an instant, newest first', async () => {
        const { store } = await createStore(databaseId);
        const forever = await store.createLock(
          { environment: 'production', reason: 'Incident 42', createdBy: JANE },
          audit({ action: 'lock.create' }),
        );
        const short = await store.createLock(
          {
            environment: 'production',
            reason: 'Release',
            until: hours(2),
            createdBy: JANE,
          },
          audit({ action: 'lock.create' }),
        );
        await store.createLock(
          { environment: 'staging', reason: 'Load test', createdBy: JANE },
          audit({ action: 'lock.create' }),
        );

        const atOne = await store.listLocks({
          environment: 'production',
          activeAt: hours(1),
        });
        const atThree = await store.listLocks({
          environment: 'production',
          activeAt: hours(3),
        });

        expect(atOne.map(l => l.id).sort()).toEqual(
          [forever.id, short.id].sort(),
        );
        expect(atThree).toEqual([forever]);
        expect(short).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          environment: 'production',
          reason: 'Release',
          until: hours(2).toISOString(),
          createdBy: JANE,
          createdAt: expect.any(String),
        });
        expect(await store.listLocks({ activeAt: hours(3) })).toHaveLength(2);
      });

      it('deletes a lock and audits it with the lock id on creation', async () => {
        const { store } = await createStore(databaseId);
        const lock = await store.createLock(
          { environment: 'production', reason: 'r', createdBy: JANE },
          audit({ action: 'lock.create' }),
        );

        expect(await store.getLock(lock.id)).toEqual(lock);
        expect(
          await store.deleteLock(lock.id, audit({ action: 'lock.delete' })),
        ).toBe(true);
        expect(await store.getLock(lock.id)).toBeUndefined();
        expect(
          await store.deleteLock(lock.id, audit({ action: 'lock.delete' })),
        ).toBe(false);

        const { items } = await store.listAudit({ limit: 10 });
        expect(items.find(i => i.action === 'lock.create')?.details).toEqual({
          lockId: lock.id,
        });
      });
    });

    describe('freeze windows', () => {
      it('stores, lists by environment and deletes windows', async () => {
        const { store } = await createStore(databaseId);
        const spec = {
          environment: 'production',
          reason: 'Weekend',
          timeZone: 'Europe/Berlin',
          start: { day: 'friday' as const, time: '16:00' },
          end: { day: 'monday' as const, time: '08:00' },
        };
        const created = await store.createFreezeWindow(
          { ...spec, createdBy: JANE },
          audit({ action: 'freeze-window.create' }),
        );
        await store.createFreezeWindow(
          { ...spec, environment: 'staging', createdBy: JANE },
          audit({ action: 'freeze-window.create' }),
        );

        expect(created).toEqual({
          ...spec,
          id: expect.any(String),
          createdBy: JANE,
          createdAt: expect.any(String),
        });
        expect(
          await store.listFreezeWindows({ environment: 'production' }),
        ).toEqual([created]);
        expect(await store.listFreezeWindows({})).toHaveLength(2);
        expect(await store.getFreezeWindow(created.id)).toEqual(created);

        expect(
          await store.deleteFreezeWindow(
            created.id,
            audit({ action: 'freeze-window.delete' }),
          ),
        ).toBe(true);
        expect(
          await store.listFreezeWindows({ environment: 'production' }),
        ).toEqual([]);
      });
    });

    describe('previews', () => {
      const preview = {
        name: 'pr-123',
        owner: 'group:default/learning-team',
        service: 'component:default/course-service',
        ttl: 'PT72H',
        createdBy: 'service:scaffolder',
        expiresAt: hours(72),
      };

      it('creates a preview once; a second of the same name conflicts', async () => {
        const { store } = await createStore(databaseId);

        const created = await store.createPreview(
          preview,
          audit({ action: 'environment.create', environment: 'pr-123' }),
        );
        await expect(
          store.createPreview(preview, audit({ action: 'environment.create' })),
        ).rejects.toThrow(/name: a preview environment named pr-123 exists/);

        expect(created).toEqual({
          name: 'pr-123',
          owner: 'group:default/learning-team',
          service: 'component:default/course-service',
          ttl: 'PT72H',
          status: 'active',
          expiresAt: hours(72).toISOString(),
          createdBy: 'service:scaffolder',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
        expect(await store.listPreviews()).toEqual([created]);
        // The failed create audited nothing.
        expect((await store.listAudit({ limit: 10 })).items).toHaveLength(1);
      });

      it("refuses an owner's preview beyond its quota of live ones, storing nothing", async () => {
        const { store } = await createStore(databaseId);
        const quota = { maxLivePerOwner: 2, now: hours(0) };
        await store.createPreview({ ...preview, name: 'a' }, audit(), quota);
        // Expired and being torn down: no longer live.
        await store.createPreview(
          { ...preview, name: 'expired', expiresAt: hours(-1) },
          audit(),
        );
        await store.createPreview({ ...preview, name: 'going' }, audit());
        await store.markPreviewTearingDown('going');
        // Another owner's do not count.
        await store.createPreview(
          { ...preview, name: 'other', owner: 'group:default/payments-team' },
          audit(),
        );
        await store.createPreview({ ...preview, name: 'b' }, audit(), quota);

        await expect(
          store.createPreview({ ...preview, name: 'c' }, audit(), quota),
        ).rejects.toMatchObject({
          name: 'PreviewQuotaExceededError',
          owner: 'group:default/learning-team',
          limit: 2,
        });
        expect(await store.getPreview('c')).toBeUndefined();
        expect((await store.listAudit({ limit: 10 })).items).toHaveLength(5);
      });

      it('lets only as many concurrent creates as the quota allows pass', async () => {
        const { store } = await createStore(databaseId);
        const quota = { maxLivePerOwner: 3, now: hours(0) };

        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.createPreview(
              { ...preview, name: `pr-${i}` },
              audit(),
              quota,
            ),
          ),
        );

        expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(3);
        expect(
          results.flatMap(r => (r.status === 'rejected' ? [r.reason] : [])),
        ).toEqual(
          Array(5).fill(
            expect.objectContaining({ name: 'PreviewQuotaExceededError' }),
          ),
        );
        expect(await store.listPreviews()).toHaveLength(3);
      });

      it('warns once per expiry, and again after an extension', async () => {
        const { store } = await createStore(databaseId);
        await store.createPreview({ ...preview, expiresAt: hours(1) }, audit());
        const when = { at: hours(0), expiresBy: hours(1) };
        const warning = audit({ action: 'environment.expiry-warning' });

        expect(await store.claimExpiryWarning('pr-123', when, warning)).toBe(
          true,
        );
        expect(await store.claimExpiryWarning('pr-123', when, warning)).toBe(
          false,
        );
        expect((await store.getPreview('pr-123'))?.warnedAt).toBe(
          hours(0).toISOString(),
        );

        const extended = await store.extendPreview(
          'pr-123',
          hours(5),
          audit({ action: 'environment.extend' }),
        );
        expect(extended).toMatchObject({ expiresAt: hours(5).toISOString() });
        expect(extended?.warnedAt).toBeUndefined();
        // Not yet within the hour of the new expiry.
        expect(await store.claimExpiryWarning('pr-123', when, warning)).toBe(
          false,
        );
        expect(
          await store.claimExpiryWarning(
            'pr-123',
            { at: hours(4), expiresBy: hours(5) },
            warning,
          ),
        ).toBe(true);
      });

      it('lists previews expiring by an instant, soonest first', async () => {
        const { store } = await createStore(databaseId);
        await store.createPreview(
          { ...preview, name: 'b', expiresAt: hours(2) },
          audit(),
        );
        await store.createPreview(
          { ...preview, name: 'a', expiresAt: hours(3) },
          audit(),
        );
        await store.createPreview(
          { ...preview, name: 'c', expiresAt: hours(1) },
          audit(),
        );

        const due = await store.listPreviewsExpiringBy(hours(2));

        expect(due.map(p => p.name)).toEqual(['c', 'b']);
      });

      it('tears down: marks it, then deletes it with its config, locks and windows', async () => {
        const { store } = await createStore(databaseId);
        await store.createPreview(preview, audit());
        await store.putConfigEntry(
          {
            environment: 'pr-123',
            key: 'K',
            secret: false,
            value: 'v',
            updatedBy: JANE,
          },
          audit(),
        );
        await store.putConfigEntry(
          {
            environment: 'staging',
            key: 'K',
            secret: false,
            value: 'v',
            updatedBy: JANE,
          },
          audit(),
        );
        await store.createLock(
          { environment: 'pr-123', reason: 'r', createdBy: JANE },
          audit(),
        );

        expect(await store.markPreviewTearingDown('pr-123')).toMatchObject({
          status: 'tearing_down',
        });
        // A preview being torn down cannot be extended any more.
        expect(
          await store.extendPreview('pr-123', hours(100), audit()),
        ).toBeUndefined();
        expect(
          await store.deletePreview(
            'pr-123',
            audit({ action: 'environment.teardown' }),
          ),
        ).toBe(true);

        expect(await store.getPreview('pr-123')).toBeUndefined();
        expect(await store.listConfig('pr-123')).toEqual([]);
        expect(await store.listConfig('staging')).toHaveLength(1);
        expect(
          await store.listLocks({ environment: 'pr-123', activeAt: hours(0) }),
        ).toEqual([]);
        expect(await store.deletePreview('pr-123', audit())).toBe(false);
        expect(await store.markPreviewTearingDown('pr-123')).toBeUndefined();
      });
    });

    describe('promotions', () => {
      it('stores promotions and lists them newest first, by entity', async () => {
        const { store } = await createStore(databaseId);
        const base = {
          entityRef: 'component:default/course-service',
          version: '1.4.2',
          fromEnvironment: 'staging',
          toEnvironment: 'production',
          status: 'pending' as const,
          deploymentId: 'd-1',
          revision: 'a1b2c3d',
          requestedBy: JANE,
        };
        const first = await store.createPromotion(
          base,
          audit({ action: 'promotion.create' }),
        );
        // Distinct creation times, so that newest-first is well defined.
        await new Promise(resolve => setTimeout(resolve, 5));
        const second = await store.createPromotion(
          { ...base, version: '1.4.3', fromEnvironment: undefined },
          audit({ action: 'promotion.create' }),
        );
        await store.createPromotion(
          { ...base, entityRef: 'component:default/quiz-service' },
          audit({ action: 'promotion.create' }),
        );

        const listed = await store.listPromotions({
          entityRef: base.entityRef,
          limit: 10,
        });

        expect(listed).toEqual([second, first]);
        expect(first).toEqual({
          ...base,
          id: expect.any(String),
          createdAt: expect.any(String),
        });
        expect(second).not.toHaveProperty('fromEnvironment');
        expect(await store.listPromotions({ limit: 2 })).toHaveLength(2);
      });
    });

    describe('audit', () => {
      it('pages through the trail newest first with a keyset cursor', async () => {
        const { store } = await createStore(databaseId);
        for (let i = 0; i < 5; i++) {
          await store.appendAudit(audit({ details: { i } }));
        }
        await store.appendAudit(
          audit({ environment: 'production', details: { i: 5 } }),
        );

        const first = await store.listAudit({
          environment: 'staging',
          limit: 3,
        });
        const last = first.items[first.items.length - 1];
        const second = await store.listAudit({
          environment: 'staging',
          limit: 3,
          after: { createdAt: new Date(last.createdAt), id: last.id },
        });

        expect(first.hasMore).toBe(true);
        expect(second.hasMore).toBe(false);
        const seen = [...first.items, ...second.items];
        expect(seen).toHaveLength(5);
        expect(new Set(seen.map(e => e.id)).size).toBe(5);
        expect(seen.map(e => e.createdAt)).toEqual(
          [...seen.map(e => e.createdAt)].sort().reverse(),
        );
        expect(seen[0]).toEqual({
          id: expect.any(String),
          environment: 'staging',
          action: 'config.set',
          actor: JANE,
          createdAt: expect.any(String),
          details: { i: expect.any(Number) },
        });
      });

      it('stores entries without an environment', async () => {
        const { store } = await createStore(databaseId);
        const entry = await store.appendAudit({
          action: 'lock.delete',
          actor: JANE,
        });
        expect(entry).not.toHaveProperty('environment');
        expect((await store.listAudit({ limit: 1 })).items).toEqual([entry]);
      });
    });
  },
);
