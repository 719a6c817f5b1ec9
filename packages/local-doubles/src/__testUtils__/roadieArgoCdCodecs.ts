import path from 'node:path';

/**
 * The io-ts codecs the Roadie ArgoCD frontend decodes every API response
 * with (`fetchDecode` in its ArgoCDApiClient). The package does not export
 * them (its index exports only the plugin, the API client and constants),
 * so they are loaded from the dist module that defines them, found through
 * the package's exported package.json. Jest's Backstage config transforms
 * that ESM file to CommonJS like any node_modules .js file it does not
 * explicitly skip, so a plain require works.
 */

interface ValidationError {
  value: unknown;
  context: ReadonlyArray<{ key: string }>;
  message?: string;
}

/** io-ts' `Validation`, an fp-ts Either. */
type Validation =
  | { _tag: 'Left'; left: ValidationError[] }
  | { _tag: 'Right'; right: unknown };

export interface IoTsCodec {
  readonly name: string;
  decode(input: unknown): Validation;
}

interface RoadieArgoCdCodecs {
  argoCDAppDetails: IoTsCodec;
  argoCDAppList: IoTsCodec;
  argoCDAppHistory: IoTsCodec;
  argoCDAppDeployRevisionDetails: IoTsCodec;
}

const packageDir = path.dirname(
  require.resolve('@roadiehq/backstage-plugin-argo-cd/package.json'),
);

export const roadieCodecs: RoadieArgoCdCodecs = require(path.join(
  packageDir,
  'dist',
  'types.esm.js',
));

/** The io-ts errors as `path: value` lines; empty when `value` decodes. */
export function decodeErrors(codec: IoTsCodec, value: unknown): string[] {
  const result = codec.decode(value);
  if (result._tag === 'Right') return [];
  return result.left.map(error => {
    const fieldPath = error.context
      .map(entry => entry.key)
      .filter(Boolean)
      .join('.');
    return `${fieldPath || '<root>'}: ${JSON.stringify(error.value)}`;
  });
}
