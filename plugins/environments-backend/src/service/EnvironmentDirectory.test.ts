import { Entity } from '@backstage/catalog-model';
import { toCatalogEnvironment } from '../catalog/catalogEnvironments';
import { PreviewRecord } from '../database/EnvironmentStore';
import { toEnvironment } from './EnvironmentDirectory';

function resource(
  name: string,
  annotations: Record<string, string> = {},
  owner = 'platform-team',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'environment', owner },
  };
}

describe('toCatalogEnvironment', () => {
  it('reads the tier and the Kubernetes and ArgoCD annotations', () => {
    expect(
      toCatalogEnvironment({
        ...resource('EU-Production', {
          'environments.portal/tier': 'Production',
          'environments.portal/kubernetes-cluster': 'eu-1',
          'environments.portal/kubernetes-namespace': 'prod',
          'environments.portal/argocd-project': 'platform',
          'environments.portal/argocd-destination-namespace': 'prod',
        }),
        metadata: {
          name: 'EU-Production',
          namespace: 'ops',
          title: 'Production (EU)',
          annotations: {
            'environments.portal/tier': 'Production',
            'environments.portal/kubernetes-cluster': 'eu-1',
            'environments.portal/kubernetes-namespace': 'prod',
            'environments.portal/argocd-project': 'platform',
            'environments.portal/argocd-destination-namespace': 'prod',
          },
        },
      }),
    ).toEqual({
      name: 'eu-production',
      title: 'Production (EU)',
      tier: 'production',
      owner: 'group:ops/platform-team',
      entityRef: 'resource:ops/eu-production',
      kubernetes: { cluster: 'eu-1', namespace: 'prod' },
      argocd: { project: 'platform', destinationNamespace: 'prod' },
    });
  });

  it.each([
    ['staging', {}, 'staging'],
    ['qa', {}, 'development'],
    ['qa', { 'environments.portal/tier': 'staging' }, 'staging'],
    ['production', { 'environments.portal/tier': 'bogus' }, 'production'],
    ['perf', { 'environments.portal/tier': 'bogus' }, 'development'],
  ])('gives %s with %p the tier %s', (name, annotations, tier) => {
    expect(toCatalogEnvironment(resource(name, annotations)).tier).toBe(tier);
  });

  it('leaves out half-declared Kubernetes and ArgoCD targets', () => {
    const env = toCatalogEnvironment(
      resource('dev', {
        'environments.portal/kubernetes-cluster': 'local',
        'environments.portal/argocd-project': 'dev',
      }),
    );
    expect(env).not.toHaveProperty('kubernetes');
    expect(env).not.toHaveProperty('argocd');
  });

  it('keeps an owner given as a full ref', () => {
    expect(
      toCatalogEnvironment(resource('dev', {}, 'user:default/jane.doe')).owner,
    ).toBe('user:default/jane.doe');
  });
});

describe('toEnvironment', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const preview = (overrides: Partial<PreviewRecord> = {}): PreviewRecord => ({
    name: 'pr-1',
    owner: 'group:default/team-a',
    ttl: 'PT3H',
    status: 'active',
    expiresAt: '2026-01-10T14:00:00.000Z',
    createdBy: 'user:default/jane.doe',
    createdAt: '2026-01-10T11:00:00.000Z',
    updatedAt: '2026-01-10T11:00:00.000Z',
    ...overrides,
  });
  const statusOf = (record: PreviewRecord) =>
    toEnvironment(
      { origin: 'preview', name: record.name, preview: record },
      undefined,
      now,
    ).status;

  it.each([
    ['more than an hour before expiry', preview(), 'active'],
    [
      'an hour before expiry',
      preview({ expiresAt: '2026-01-10T13:00:00.000Z' }),
      'expiring',
    ],
    [
      'past its expiry',
      preview({ expiresAt: '2026-01-10T11:59:00.000Z' }),
      'expiring',
    ],
    ['being torn down', preview({ status: 'tearing_down' }), 'tearing_down'],
  ])('calls a preview %s %p', (_, record, status) => {
    expect(statusOf(record)).toBe(status);
  });

  it('carries the lock of a locked environment', () => {
    const lock = { reason: 'Incident', source: 'lock' as const };
    expect(
      toEnvironment(
        { origin: 'preview', name: 'pr-1', preview: preview() },
        lock,
        now,
      ),
    ).toMatchObject({ locked: true, lock });
  });
});
