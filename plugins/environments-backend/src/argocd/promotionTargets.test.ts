import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  readArgoCdPromotionTargets,
  renderTemplate,
  templateUses,
} from './promotionTargets';

const argocd = {
  username: 'admin',
  password: 'pw',
  appLocatorMethods: [
    {
      type: 'config',
      instances: [
        { name: 'main', url: 'https://argocd.example.com' },
        { name: 'eu', url: 'https://argocd.eu.example.com' },
      ],
    },
  ],
};

function read(environments: JsonObject) {
  return readArgoCdPromotionTargets(new ConfigReader({ argocd, environments }));
}

function readTargets(targets: JsonObject) {
  return read({ argocd: { targets } });
}

describe('readArgoCdPromotionTargets', () => {
  it('reads each target with its defaults', () => {
    const { targets } = readTargets({
      staging: {
        instance: 'main',
        projects: ['default'],
        destinationNamespaces: ['staging'],
        application: '{{app}}-staging',
        promotesFrom: 'development',
      },
      production: { instance: 'eu', projects: ['learning', 'jobs'] },
    });

    expect([...targets.values()]).toEqual([
      {
        environment: 'staging',
        instance: 'main',
        projects: ['default'],
        destinationNamespaces: ['staging'],
        application: '{{app}}-staging',
        promotesFrom: 'development',
      },
      {
        environment: 'production',
        instance: 'eu',
        projects: ['learning', 'jobs'],
        application: '{{app}}',
      },
    ]);
  });

  it('configures no target, and no preview promotions, by default', () => {
    expect(read({})).toEqual({
      targets: new Map(),
      previews: { provider: 'none' },
    });
  });

  it('reads how previews are promoted to, with their defaults', () => {
    expect(read({ previews: { provider: 'argocd' } }).previews).toEqual({
      provider: 'argocd',
      argocd: {
        instance: 'main',
        applicationName: 'preview-{{name}}',
        namespace: 'preview-{{name}}',
      },
    });
    expect(
      read({
        previews: {
          provider: 'argocd',
          argocd: {
            instance: 'eu',
            applicationName: 'pr-{{ name }}',
            project: 'previews',
            namespace: 'previews',
          },
        },
      }).previews,
    ).toEqual({
      provider: 'argocd',
      argocd: {
        instance: 'eu',
        applicationName: 'pr-{{ name }}',
        project: 'previews',
        namespace: 'previews',
      },
    });
    expect(read({ previews: { provider: 'kubernetes' } }).previews).toEqual({
      provider: 'kubernetes',
    });
  });

  it.each([
    [
      'an unknown instance',
      { staging: { instance: 'nowhere', projects: ['default'] } },
      'environments.argocd.targets.staging.instance: no ArgoCD instance "nowhere" in argocd.appLocatorMethods',
    ],
    [
      'no instance',
      { staging: { projects: ['default'] } },
      "Missing required config value at 'environments.argocd.targets.staging.instance'",
    ],
    [
      'no projects',
      { staging: { instance: 'main' } },
      "Missing required config value at 'environments.argocd.targets.staging.projects'",
    ],
    [
      'an empty project list',
      { staging: { instance: 'main', projects: [] } },
      'environments.argocd.targets.staging.projects: must name at least one ArgoCD project, and no empty one',
    ],
    [
      'an empty namespace list',
      {
        staging: {
          instance: 'main',
          projects: ['default'],
          destinationNamespaces: [],
        },
      },
      'environments.argocd.targets.staging.destinationNamespaces: must name at least one namespace, and no empty one',
    ],
    [
      'an unknown placeholder',
      {
        staging: {
          instance: 'main',
          projects: ['default'],
          application: '{{team}}-staging',
        },
      },
      'environments.argocd.targets.staging.application: unknown placeholder {{team}}; only {{app}} and {{name}} may be used',
    ],
    [
      'one fixed application for every service',
      {
        staging: {
          instance: 'main',
          projects: ['default'],
          application: 'shared-staging',
        },
      },
      'environments.argocd.targets.staging.application: must contain {{app}} or {{name}}, so that each service has an application of its own',
    ],
    [
      'an environment promoting from itself',
      {
        staging: {
          instance: 'main',
          projects: ['default'],
          promotesFrom: 'staging',
        },
      },
      'environments.argocd.targets.staging.promotesFrom: an environment cannot promote from itself',
    ],
    [
      'an uppercase environment name',
      { Staging: { instance: 'main', projects: ['default'] } },
      'environments.argocd.targets.Staging: environment names are lowercase; use staging',
    ],
  ])('fails on %s, naming the key', (_, targets, message) => {
    expect(() => readTargets(targets as JsonObject)).toThrow(message);
  });

  it.each([
    [
      { provider: 'argocd', argocd: { instance: 'nowhere' } },
      'environments.previews.argocd.instance: no ArgoCD instance "nowhere" in argocd.appLocatorMethods',
    ],
    [
      { provider: 'argocd', argocd: { namespace: 'preview-{{service}}' } },
      'environments.previews.argocd.namespace: unknown placeholder {{service}}; only {{name}} may be used',
    ],
  ])('fails on invalid preview settings %p', (previews, message) => {
    expect(() => read({ previews })).toThrow(message);
  });

  it('fails on argocd previews without any ArgoCD instance', () => {
    expect(() =>
      readArgoCdPromotionTargets(
        new ConfigReader({
          environments: { previews: { provider: 'argocd' } },
        }),
      ),
    ).toThrow(
      'environments.previews.provider is argocd, but argocd.appLocatorMethods configures no instance',
    );
  });
});

describe('renderTemplate', () => {
  it('fills in placeholders, with or without spaces', () => {
    expect(renderTemplate('{{app}}-{{ name }}', { app: 'a', name: 'n' })).toBe(
      'a-n',
    );
    expect(templateUses('{{ app }}-staging', 'app')).toBe(true);
    expect(templateUses('{{name}}-staging', 'app')).toBe(false);
  });
});
