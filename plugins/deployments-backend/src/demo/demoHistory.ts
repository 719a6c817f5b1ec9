import { DeploymentStatus } from '@internal/plugin-deployments-common';
import { createHash } from 'node:crypto';
import {
  argoCdApplicationUrl,
  argoCdSourceId,
  argoCdTriggeredBy,
} from '../argocd/mapping';
import { NewDeployment } from '../database/DeploymentStore';
import { PLUGIN_RECORDER } from '../lib/recordedBy';
import { DEMO_SERVICE_PROFILES, DemoServiceProfile } from './demoServices';
import { Random, seededRandom } from './random';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPRINT = 14 * DAY;

const HISTORY_DAYS = 365;

/**
 * The local ArgoCD double's own history of each app reaches up to about two
 * weeks back, and the ArgoCD reader records it; seeded production history
 * ends before that so the two don't interleave.
 */
const SEEDED_PRODUCTION_ENDS_BEFORE_NOW = 15 * DAY;

/** The local ArgoCD double, as app-config.yaml configures it. */
const DEMO_ARGOCD_INSTANCE = {
  name: 'local-double',
  url: 'http://127.0.0.1:7090',
};
const GITOPS_REPO_URL = 'https://github.com/acme-platform/gitops';
const GITHUB_ORG = 'acme-platform';
const IMAGE_REGISTRY = 'ghcr.io/acme-platform';

export const DEMO_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const;
type Environment = (typeof DEMO_ENVIRONMENTS)[number];

/** Deploy durations, in minutes. */
const DURATION_MINUTES: Record<Environment, [number, number]> = {
  development: [1, 6],
  staging: [2, 10],
  production: [3, 15],
};
/** Working hours (UTC) in which each environment's deployments start. */
const WORKING_HOURS: Record<Environment, [number, number]> = {
  development: [7, 19],
  staging: [8, 17],
  production: [9, 16],
};
/** Lower environments fail more often than production, being where breakage is caught. */
const FAILURE_RATE_FACTOR: Record<Environment, number> = {
  development: 1.3,
  staging: 1.15,
  production: 1,
};
/** How often a failure is rolled back rather than fixed forward. */
const ROLLBACK_SHARE: Record<Environment, number> = {
  development: 0.15,
  staging: 0.4,
  production: 0.55,
};
/** CI runs superseded by a newer push before they finished. */
const CANCEL_RATE = 0.015;
/** After this many failed fixes in a row, the team rolls back. */
const MAX_FIX_ATTEMPTS = 2;
/** Production deploys cluster mid-week; Friday is quiet, weekends off. */
const PRODUCTION_WEEKDAY_WEIGHT = [0, 1.14, 1.14, 1.14, 1.14, 0.45, 0];

/** Messages of failed ArgoCD syncs, by application. */
const SYNC_FAILURES: ReadonlyArray<(app: string) => string> = [
  () => 'one or more synchronization tasks completed unsuccessfully',
  app =>
    `Deployment "${app}" exceeded its progress deadline (readiness probe failed)`,
  () =>
    'one or more objects failed to apply, reason: admission webhook "validate.kyverno.svc" denied the request',
];

/** One change merged to main and built into an image. */
interface Build {
  version: string;
  /** Allocation order; versions grow with it. */
  sequence: number;
  commitSha: string;
  commitTime: number;
  author: string;
  /** Failed somewhere: never promoted again. */
  broken: boolean;
}

interface EnvironmentState {
  name: Environment;
  /** When the last deployment finished; the next starts after it. */
  freeAt: number;
  /** The newest build ever tried here: promotions only move forward. */
  newestTried: number;
  /** The build that runs here now. */
  running?: Build;
  /** Builds that succeeded here and when, in time order; the next environment promotes from these. */
  succeeded: Array<{ build: Build; at: number }>;
}

type DeployKind = 'release' | 'fix' | 'rollback';

/** Share of the usual activity on `day`: the turn of the year and August are quiet. */
function activity(day: Date): number {
  const month = day.getUTCMonth();
  const date = day.getUTCDate();
  if ((month === 11 && date >= 22) || (month === 0 && date <= 2)) return 0.1;
  if (month === 7) return 0.6;
  return 1;
}

/**
 * A year of one service's deployments: every weekday a few builds go to
 * development, the newest good one is promoted to staging a few times a
 * week, and the newest good staging build to production. Failures are
 * followed by a fix or a rollback.
 */
class ServiceHistory {
  private readonly random: Random;
  private readonly start: number;
  private readonly productionEnd: number;
  private readonly deployments: NewDeployment[] = [];
  private readonly environments: Record<Environment, EnvironmentState>;
  private builds = 0;
  private versionLine: [number, number] = [0, 0];
  private patch = -1;
  private runId: number;

  constructor(
    private readonly profile: DemoServiceProfile,
    private readonly now: number,
  ) {
    this.random = seededRandom(`deployments-demo/${profile.name}`);
    this.start = Math.floor(now / DAY) * DAY - (HISTORY_DAYS - 1) * DAY;
    this.productionEnd = now - SEEDED_PRODUCTION_ENDS_BEFORE_NOW;
    this.runId = 6_000_000_000 + this.random.int(0, 900_000_000);
    const state = (name: Environment): EnvironmentState => ({
      name,
      freeAt: 0,
      newestTried: -1,
      succeeded: [],
    });
    this.environments = {
      development: state('development'),
      staging: state('staging'),
      production: state('production'),
    };
  }

  generate(): NewDeployment[] {
    const { development, staging, production } = this.environments;
    for (const slot of this.slots()) {
      if (slot.environment === 'development') {
        const build = this.newBuild(
          slot.at - this.random.int(10, 180) * MINUTE,
        );
        this.deploy(development, build, slot.at, 'release');
      } else if (slot.environment === 'staging') {
        const build = this.promotable(
          development,
          staging,
          slot.at - 30 * MINUTE,
        );
        if (build) this.deploy(staging, build, slot.at, 'release');
      } else if (slot.at < this.productionEnd) {
        const build = this.promotable(staging, production, slot.at - 2 * HOUR);
        if (build) this.deploy(production, build, slot.at, 'release');
      }
    }
    return this.deployments;
  }

  /** When each environment would like to deploy, in time order. */
  private slots(): Array<{ at: number; environment: Environment }> {
    const { devPerWeekday, stagingPerWeek, productionPerWeek } = this.profile;
    const slots: Array<{ at: number; environment: Environment }> = [];
    for (let day = this.start; day <= this.now; day += DAY) {
      const date = new Date(day);
      const weekday = date.getUTCDay();
      const workday = weekday >= 1 && weekday <= 5;
      const busy = activity(date);
      const perDay: Record<Environment, number> = {
        // Now and then someone ships on a weekend.
        development: devPerWeekday * (workday ? busy : 0.03),
        staging: workday ? (stagingPerWeek / 5) * busy : 0,
        production:
          (productionPerWeek / 5) * busy * PRODUCTION_WEEKDAY_WEIGHT[weekday],
      };
      for (const environment of DEMO_ENVIRONMENTS) {
        const [from, to] = WORKING_HOURS[environment];
        for (let n = this.random.poisson(perDay[environment]); n > 0; n--) {
          const at = day + this.random.int(from * 60, to * 60 - 1) * MINUTE;
          slots.push({ at, environment });
        }
      }
    }
    return slots.sort((a, b) => a.at - b.at);
  }

  /** A new build; its version moves to the version line of its time, else up a patch. */
  private newBuild(commitTime: number): Build {
    const line = this.versionLineAt(commitTime);
    const [major, minor] = this.versionLine;
    if (line[0] > major || (line[0] === major && line[1] > minor)) {
      this.versionLine = line;
      this.patch = 0;
    } else {
      this.patch++;
    }
    const sequence = this.builds++;
    return {
      version: `${this.versionLine.join('.')}.${this.patch}`,
      sequence,
      commitSha: createHash('sha1')
        .update(`${this.profile.name}/${sequence}`)
        .digest('hex'),
      commitTime,
      author: this.random.pick(this.profile.engineers),
      broken: false,
    };
  }

  /**
   * A minor version per two-week sprint, 0.x for most of the year and 1.0
   * to 1.2 in the sprints before seeded production history ends; the
   * ArgoCD double's release tags take over from 1.3.
   */
  private versionLineAt(time: number): [number, number] {
    const sprintsBeforeEnd = Math.floor((this.productionEnd - time) / SPRINT);
    if (sprintsBeforeEnd <= 2) return [1, 2 - Math.max(0, sprintsBeforeEnd)];
    const sprint = Math.floor((time - this.start) / SPRINT);
    return [0, Math.max(0, this.profile.firstMinor + sprint)];
  }

  /** The newest good build of `from` that `to` has not had yet. */
  private promotable(
    from: EnvironmentState,
    to: EnvironmentState,
    readyBy: number,
  ): Build | undefined {
    for (let i = from.succeeded.length - 1; i >= 0; i--) {
      const { build, at } = from.succeeded[i];
      if (at <= readyBy && build.sequence > to.newestTried && !build.broken) {
        return build;
      }
    }
    return undefined;
  }

  private deploy(
    environment: EnvironmentState,
    build: Build,
    at: number,
    kind: DeployKind,
    fixAttempts = 0,
  ): void {
    const { random } = this;
    const startedAt =
      Math.max(at, environment.freeAt + random.int(1, 10) * MINUTE) +
      random.int(0, 59) * SECOND;
    const [shortest, longest] = DURATION_MINUTES[environment.name];
    const finishedAt =
      startedAt + random.int(shortest * 60, longest * 60) * SECOND;
    if (finishedAt > this.now) return;

    const failureRate =
      this.profile.productionFailureRate *
      FAILURE_RATE_FACTOR[environment.name];
    const failed = kind !== 'rollback' && random.chance(failureRate);
    const cancelled =
      !failed &&
      kind === 'release' &&
      environment.name !== 'production' &&
      random.chance(CANCEL_RATE);
    const previous = environment.running;
    const rollBack =
      failed &&
      previous !== undefined &&
      (fixAttempts >= MAX_FIX_ATTEMPTS ||
        random.chance(ROLLBACK_SHARE[environment.name]));
    let status: DeploymentStatus = 'succeeded';
    if (failed) status = rollBack ? 'rolled_back' : 'failed';
    else if (cancelled) status = 'cancelled';

    this.deployments.push(
      this.toDeployment({
        environment: environment.name,
        build,
        status,
        startedAt,
        finishedAt,
        kind,
      }),
    );
    environment.freeAt = finishedAt;
    if (kind !== 'rollback') {
      environment.newestTried = Math.max(
        environment.newestTried,
        build.sequence,
      );
    }
    if (status === 'succeeded') {
      environment.running = build;
      environment.succeeded.push({ build, at: finishedAt });
    }
    if (!failed) return;

    build.broken = true;
    if (rollBack) {
      this.deploy(
        environment,
        previous!,
        finishedAt + random.int(3, 25) * MINUTE,
        'rollback',
      );
    } else {
      const fix = this.newBuild(finishedAt + random.int(20, 180) * MINUTE);
      this.deploy(
        environment,
        fix,
        fix.commitTime + random.int(10, 40) * MINUTE,
        'fix',
        fixAttempts + 1,
      );
    }
  }

  private toDeployment(deployment: {
    environment: Environment;
    build: Build;
    status: DeploymentStatus;
    startedAt: number;
    finishedAt: number;
    kind: DeployKind;
  }): NewDeployment {
    const { environment, build, status, startedAt, finishedAt, kind } =
      deployment;
    const { name, project, engineers } = this.profile;
    const started = new Date(startedAt).toISOString();
    const common = {
      entityRef: `component:default/${name}`,
      environment,
      version: build.version,
      commitSha: build.commitSha,
      commitTime: new Date(build.commitTime).toISOString(),
      image: `${IMAGE_REGISTRY}/${name}:${build.version}`,
      status,
      startedAt: started,
      finishedAt: new Date(finishedAt).toISOString(),
      // The demo data stands for what CI and ArgoCD would have recorded.
      recordedBy: PLUGIN_RECORDER,
    };
    // A rollback or a fix follows the last deployment here, which failed.
    const failedVersion = this.deployments.findLast(
      d => d.environment === environment,
    )?.version;
    const follows = {
      ...(kind === 'rollback' && { rollbackOf: failedVersion }),
      ...(kind === 'fix' && { fixOf: failedVersion }),
    };

    if (environment === 'production') {
      const instance = DEMO_ARGOCD_INSTANCE;
      return {
        ...common,
        triggeredBy: argoCdTriggeredBy(instance.name),
        source: 'argocd',
        sourceId: argoCdSourceId(instance.name, name, started),
        url: argoCdApplicationUrl(instance.url, name),
        metadata: {
          instance: instance.name,
          app: name,
          project,
          source: {
            repoURL: GITOPS_REPO_URL,
            path: `apps/${name}/overlays/production`,
          },
          initiatedBy: this.random.pick(engineers),
          // A rolled back sync succeeded; it was the release that was bad.
          ...(status === 'failed' && {
            phase: 'Failed',
            message: this.random.pick(SYNC_FAILURES)(name),
          }),
          ...follows,
        },
      };
    }

    const runId = this.runId++;
    return {
      ...common,
      triggeredBy: `user:default/${
        environment === 'development'
          ? build.author
          : this.random.pick(engineers)
      }`,
      source: 'ci',
      sourceId: `github-actions/${GITHUB_ORG}/${name}/${runId}`,
      url: `https://github.com/${GITHUB_ORG}/${name}/actions/runs/${runId}`,
      metadata: { workflow: `deploy-${environment}.yml`, ...follows },
    };
  }
}

/**
 * A believable, deterministic year of deployments of the demo services up
 * to `now`, in development, staging and production.
 */
export function demoDeploymentHistory(now: Date): NewDeployment[] {
  return DEMO_SERVICE_PROFILES.flatMap(profile =>
    new ServiceHistory(profile, now.getTime()).generate(),
  );
}
