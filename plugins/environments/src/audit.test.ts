import { AuditEntry } from '@internal/plugin-environments-common';
import { auditActionLabel, auditDetails } from './audit';

function anEntry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    id: '1',
    environment: 'staging',
    action: 'config.set',
    actor: 'user:default/priya-raman',
    createdAt: '2025-11-10T09:00:00.000Z',
    details: {},
    ...overrides,
  };
}

describe('audit', () => {
  it('labels actions', () => {
    expect(auditActionLabel('lock.delete')).toBe('Lock lifted');
    expect(auditActionLabel('promotion.create')).toBe('Promotion requested');
  });

  it('lists plain details and leaves nested ones out', () => {
    expect(
      auditDetails(
        anEntry({
          action: 'promotion.create',
          details: {
            entityRef: 'component:default/course-service',
            version: '1.43.0',
            nested: { ignored: true },
          },
        }),
      ),
    ).toBe('entityRef: component:default/course-service, version: 1.43.0');
  });

  it('never shows the value of a secret', () => {
    expect(
      auditDetails(
        anEntry({
          details: { key: 'DB_PASSWORD', secret: true, value: 'hunter2' },
        }),
      ),
    ).toBe('key: DB_PASSWORD, secret: true');
  });
});
