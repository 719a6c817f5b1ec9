/**
 * Test helpers for the portal's frontend plugins.
 *
 * @packageDocumentation
 */
export { createOpenApiContract } from './openApiContract';
export type {
  OpenApiContract,
  OpenApiRequest,
  OpenApiResponse,
} from './openApiContract';
