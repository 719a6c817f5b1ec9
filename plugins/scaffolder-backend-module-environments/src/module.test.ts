import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleEnvironments } from './module';

describe('scaffolderModuleEnvironments', () => {
  it('registers the environment actions with the scaffolder', async () => {
    const actions: TemplateAction<any, any, any>[] = [];

    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any, any>[]) =>
              actions.push(...added),
          },
        ],
      ],
      features: [
        scaffolderModuleEnvironments,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });

    expect(actions.map(action => action.id)).toEqual([
      'environments:create-preview',
      'environments:set-config',
    ]);
    expect(actions.every(action => action.supportsDryRun)).toBe(true);
    expect(actions[0].schema?.input).toMatchObject({
      required: ['name', 'service'],
    });
  });
});
