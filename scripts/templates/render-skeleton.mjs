#!/usr/bin/env node
// Renders a software template's files the way the scaffolder does, without a
// running backend: for checking what a template generates (type checks,
// lint, tests of the output) in scripts and by hand.
//
//   node scripts/templates/render-skeleton.mjs <template-dir> <output-dir>
//     [--set key=value ...] [--values parameters.json] [--no-defaults]
//
// - Parameters are `--set` pairs (a value that parses as JSON is taken as
//   JSON, e.g. --set 'consumesApis=["api:a"]') over `--values`. The
//   defaults the template declares are filled in first, as the form does;
//   `--no-defaults` leaves them out, as an API caller that sends only the
//   required values would.
// - They are validated against every parameter page with `jsonschema`, as
//   the scaffolder's task API does.
// - Every `fetch:template` step runs in order (after its `if`), through the
//   scaffolder's own action, with its input rendered by the same template
//   engine and filters as the scaffolder's workflow runner. Other steps
//   (publishing, registering) are listed and skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
const {
  createFetchTemplateAction,
} = require('@backstage/plugin-scaffolder-backend');
const { createTemplateRenderer } = require('nunjitsu');
const { validate } = require('jsonschema');

// The filters step inputs are rendered with (parseRepoUrl, parseEntityRef,
// pick, projectSlug) are not exported by the scaffolder, so they are read
// from its build output; fetch:template itself adds the same ones.
const scaffolderDir = path.dirname(
  require.resolve('@backstage/plugin-scaffolder-backend/package.json'),
);
const { createDefaultFilters } = require(path.join(
  scaffolderDir,
  'dist/lib/templating/filters/createDefaultFilters.cjs.js',
));

function usage(message) {
  console.error(`${message}\n
usage: render-skeleton.mjs <template-dir> <output-dir> [--set key=value ...]
                           [--values parameters.json] [--no-defaults] [--verbose]`);
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  const sets = [];
  let valuesFile;
  let defaults = true;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--set') {
      sets.push(argv[++i] ?? usage('--set needs key=value'));
    } else if (arg === '--values') {
      valuesFile = argv[++i] ?? usage('--values needs a file');
    } else if (arg === '--no-defaults') {
      defaults = false;
    } else if (arg === '--verbose') {
      verbose = true;
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 2) {
    usage('expected a template directory and an output directory');
  }
  return {
    templateDir: positional[0],
    outputDir: positional[1],
    sets,
    valuesFile,
    defaults,
    verbose,
  };
}

function parseSet(pair) {
  const eq = pair.indexOf('=');
  if (eq <= 0) usage(`--set ${pair}: expected key=value`);
  const raw = pair.slice(eq + 1);
  let value = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // A plain string.
  }
  return [pair.slice(0, eq), value];
}

/** The `default`s of the top-level properties of every parameter page. */
function declaredDefaults(pages) {
  const defaults = {};
  for (const page of pages) {
    for (const [key, schema] of Object.entries(page.properties ?? {})) {
      if (schema && 'default' in schema) defaults[key] = schema.default;
    }
  }
  return defaults;
}

/** What the workflow runner does to a step's `if` and `input`. */
function renderInput(renderer, input, context) {
  return JSON.parse(JSON.stringify(input), (_key, value) => {
    try {
      if (typeof value === 'string')
        return renderer.renderValue(value, context);
    } catch {
      return value;
    }
    return value;
  });
}

const isTruthy = value =>
  Array.isArray(value) ? value.length > 0 : Boolean(value);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const templatePath = path.resolve(args.templateDir, 'template.yaml');
  const template = YAML.parse(fs.readFileSync(templatePath, 'utf8'));
  if (template?.apiVersion !== 'scaffolder.backstage.io/v1beta3') {
    throw new Error(
      `${templatePath} is not a scaffolder.backstage.io/v1beta3 template`,
    );
  }
  const pages = [template.spec.parameters ?? []].flat();

  const parameters = {
    ...(args.defaults ? declaredDefaults(pages) : {}),
    ...(args.valuesFile
      ? JSON.parse(fs.readFileSync(args.valuesFile, 'utf8'))
      : {}),
    ...Object.fromEntries(args.sets.map(parseSet)),
  };
  const invalid = pages.flatMap(page => validate(parameters, page).errors);
  if (invalid.length) {
    throw new Error(
      `invalid parameters:\n${invalid.map(e => `  ${e.stack}`).join('\n')}`,
    );
  }

  const outputDir = path.resolve(args.outputDir);
  if (fs.existsSync(outputDir) && fs.readdirSync(outputDir).length) {
    throw new Error(`${outputDir} is not empty`);
  }
  fs.mkdirSync(outputDir, { recursive: true });

  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const renderer = createTemplateRenderer({
    allowRegexExecution: true,
    filters: Object.fromEntries(
      createDefaultFilters({ integrations }).map(f => [f.id, f.filter]),
    ),
  });
  const context = renderer.prepareContext({
    parameters,
    steps: {},
    user: { ref: 'user:default/guest' },
    secrets: {},
    environment: { parameters: {}, secrets: {} },
    context: { task: { id: 'render-skeleton' } },
  });

  const fetchTemplate = createFetchTemplateAction({
    integrations,
    // Only file templates are rendered here: a remote url is refused below.
    reader: {
      readTree: () => {
        throw new Error('render-skeleton only reads templates from files');
      },
    },
  });
  const log = (...parts) => {
    if (args.verbose) console.error(...parts);
  };
  const logger = {
    info: log,
    warn: log,
    debug: () => {},
    error: (...parts) => console.error(...parts),
    child: () => logger,
  };
  const tmpDirs = [];

  try {
    for (const step of template.spec.steps ?? []) {
      if (step.action !== 'fetch:template') {
        console.error(`skipped ${step.id} (${step.action})`);
        continue;
      }
      if (step.each !== undefined) {
        throw new Error(`${step.id}: "each" is not supported here`);
      }
      if (
        step.if === false ||
        (typeof step.if === 'string' &&
          !isTruthy(renderInput(renderer, step.if, context)))
      ) {
        console.error(`skipped ${step.id} (its "if" is false)`);
        continue;
      }
      const input = renderInput(renderer, step.input ?? {}, context);
      if (/^[a-z][a-z0-9+.-]*:/i.test(input.url)) {
        throw new Error(
          `${step.id}: only relative urls can be rendered, not ${input.url}`,
        );
      }
      await fetchTemplate.handler({
        input,
        workspacePath: outputDir,
        logger,
        templateInfo: { baseUrl: pathToFileURL(templatePath).href },
        createTemporaryDirectory: async () => {
          const dir = fs.mkdtempSync(
            path.join(os.tmpdir(), 'render-skeleton-'),
          );
          tmpDirs.push(dir);
          return dir;
        },
        output: () => {},
        checkpoint: async ({ fn }) => fn(),
        getInitiatorCredentials: async () => ({ principal: { type: 'none' } }),
        isDryRun: false,
        task: { id: 'render-skeleton' },
      });
      console.error(`rendered ${step.id} (${input.url}) into ${outputDir}`);
    }
  } finally {
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
