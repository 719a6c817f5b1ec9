import { Config } from '@backstage/config';

/** Maps applications of a project and/or destination namespace to an environment. */
export interface EnvironmentRule {
  project?: string;
  namespace?: string;
  environment: string;
}

const DEFAULT_ENVIRONMENT = 'production';

/**
 * Decides which environment an ArgoCD application deploys to, from
 * `deployments.argocd.environments` (first matching rule wins; a rule
 * without conditions matches everything) and
 * `deployments.argocd.defaultEnvironment`.
 */
export class EnvironmentResolver {
  static fromConfig(config: Config): EnvironmentResolver {
    const argocd = config.getOptionalConfig('deployments.argocd');
    const rules = (argocd?.getOptionalConfigArray('environments') ?? []).map(
      (rule): EnvironmentRule => ({
        project: rule.getOptionalString('project'),
        namespace: rule.getOptionalString('namespace'),
        environment: rule.getString('environment'),
      }),
    );
    return new EnvironmentResolver(
      rules,
      argocd?.getOptionalString('defaultEnvironment') ?? DEFAULT_ENVIRONMENT,
    );
  }

  constructor(
    private readonly rules: readonly EnvironmentRule[],
    private readonly defaultEnvironment: string,
  ) {}

  resolve(target: { project?: string; namespace?: string }): string {
    const match = this.rules.find(
      rule =>
        (rule.project === undefined || rule.project === target.project) &&
        (rule.namespace === undefined || rule.namespace === target.namespace),
    );
    return match?.environment ?? this.defaultEnvironment;
  }
}
