import { createOpenApiContract } from './openApiContract';

/** A small API with what the portal's specs use. */
const spec = {
  openapi: '3.0.3',
  info: { title: 'things', version: '1' },
  paths: {
    '/things': {
      get: {
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
          },
          {
            name: 'kind',
            in: 'query',
            schema: { $ref: '#/components/schemas/Kind' },
          },
          {
            name: 'tag',
            in: 'query',
            schema: { type: 'array', items: { type: 'string' } },
          },
        ],
        responses: {
          '200': {
            description: 'Things.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ThingList' },
              },
            },
          },
          '400': { $ref: '#/components/responses/Error' },
        },
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/Thing' },
                  {
                    type: 'array',
                    items: { $ref: '#/components/schemas/Thing' },
                    minItems: 1,
                  },
                ],
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
              },
            },
          },
        },
      },
    },
    '/things/{id}': {
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z]+$' },
        },
      ],
      get: {
        responses: {
          '200': {
            description: 'A thing.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
              },
            },
          },
          '404': { $ref: '#/components/responses/Error' },
        },
      },
      delete: { responses: { '204': { description: 'Gone.' } } },
    },
    '/things/latest': {
      get: {
        responses: {
          '200': {
            description: 'The newest things.',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ThingList' },
              },
            },
          },
        },
      },
    },
  },
  components: {
    responses: {
      Error: {
        description: 'An error.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                error: {
                  type: 'object',
                  properties: { message: { type: 'string' } },
                  required: ['message'],
                },
              },
              required: ['error'],
            },
          },
        },
      },
    },
    schemas: {
      Kind: { type: 'string', enum: ['small', 'large'] },
      Thing: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', maxLength: 5, description: 'Its name.' },
          kind: { $ref: '#/components/schemas/Kind' },
          size: { type: 'number', minimum: 0, exclusiveMinimum: true },
          createdAt: { type: 'string', format: 'date-time' },
          day: { type: 'string', format: 'date' },
          link: { type: 'string', format: 'uri' },
          parent: { type: 'string', nullable: true },
        },
        required: ['id', 'kind'],
      },
      ThingList: {
        type: 'object',
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            items: { $ref: '#/components/schemas/Thing' },
            maxItems: 2,
          },
          totalCount: { type: 'integer' },
        },
        required: ['items', 'totalCount'],
      },
    },
  },
};

const contract = createOpenApiContract(spec);

const thing = { id: 'a', kind: 'small' };

describe('createOpenApiContract', () => {
  it('accepts exchanges that keep the spec', () => {
    expect(
      contract.checkRequest({
        method: 'GET',
        path: '/things',
        query: new URLSearchParams('limit=20&kind=large&tag=a&tag=b'),
      }),
    ).toEqual([]);
    expect(
      contract.checkResponse({
        method: 'GET',
        path: '/things',
        status: 200,
        body: {
          items: [
            {
              ...thing,
              size: 0.5,
              createdAt: '2026-01-01T09:00:00.000Z',
              day: '2026-02-28',
              link: 'https://example.com/a',
              parent: null,
            },
          ],
          totalCount: 1,
        },
      }),
    ).toEqual([]);
    expect(
      contract.checkRequest({ method: 'POST', path: '/things', body: [thing] }),
    ).toEqual([]);
    expect(
      contract.checkResponse({
        method: 'DELETE',
        path: '/things/a',
        status: 204,
      }),
    ).toEqual([]);
  });

  it('names every field of a body that breaks its schema', () => {
    expect(
      contract.checkResponse({
        method: 'GET',
        path: '/things',
        status: 200,
        body: {
          items: [
            { id: 'too-long', kind: 'medium', size: 0, colour: 'red' },
            {
              kind: 'small',
              createdAt: '2026-02-30T09:00:00Z',
              day: '1 May',
              link: 'not a uri',
              parent: 3,
            },
            thing,
          ],
          totalCount: 1.5,
        },
      }),
    ).toEqual([
      'GET /things → 200: body.items: must have at most 2 items',
      'GET /things → 200: body.items[0].id: must be at most 5 characters',
      'GET /things → 200: body.items[0].kind: must be one of "small", "large", not "medium"',
      'GET /things → 200: body.items[0].size: must be above 0, not 0',
      'GET /things → 200: body.items[0].colour: is not in the spec',
      'GET /things → 200: body.items[1].id: is required',
      'GET /things → 200: body.items[1].createdAt: "2026-02-30T09:00:00Z" is not a date-time',
      'GET /things → 200: body.items[1].day: "1 May" is not a date',
      'GET /things → 200: body.items[1].link: "not a uri" is not a uri',
      'GET /things → 200: body.items[1].parent: must be a string, not 3',
      'GET /things → 200: body.totalCount: must be an integer, not 1.5',
    ]);
  });

  it('checks statuses and bodies against what the operation declares', () => {
    const check = (
      method: string,
      path: string,
      status: number,
      body?: unknown,
    ) => contract.checkResponse({ method, path, status, body });

    expect(check('GET', '/things/a', 201, thing)).toEqual([
      'GET /things/{id} → 201: the spec declares no such status',
    ]);
    expect(check('GET', '/things/a', 200)).toEqual([
      'GET /things/{id} → 200: has no body; the spec declares one',
    ]);
    expect(check('DELETE', '/things/a', 204, { deleted: true })).toEqual([
      'DELETE /things/{id} → 204: has a body, which the spec does not declare',
    ]);
    expect(check('GET', '/things/a', 404, { message: 'No thing' })).toEqual([
      'GET /things/{id} → 404: body.error: is required',
    ]);
    // Any server can fail.
    expect(check('GET', '/things/a', 503, 'Service Unavailable')).toEqual([]);
  });

  it('checks the operation, the path and query parameters and the body of requests', () => {
    expect(
      contract.checkRequest({ method: 'PATCH', path: '/things/a' }),
    ).toEqual(['PATCH /things/a: no such operation in the spec']);
    expect(
      contract.checkRequest({
        method: 'GET',
        path: '/things',
        query: new URLSearchParams('limit=0&kind=huge&limit=3&sort=name'),
      }),
    ).toEqual([
      'GET /things: query.limit: is given 2 times',
      'GET /things: query.kind: must be one of "small", "large", not "huge"',
      'GET /things: query.sort: is not in the spec',
    ]);
    expect(
      contract.checkRequest({
        method: 'GET',
        path: '/things',
        query: new URLSearchParams('limit=ten'),
      }),
    ).toEqual(['GET /things: query.limit: must be an integer, not "ten"']);
    expect(
      contract.checkRequest({ method: 'GET', path: '/things/A%20B' }),
    ).toEqual(['GET /things/{id}: path.id: "A B" does not match ^[a-z]+$']);
    expect(contract.checkRequest({ method: 'POST', path: '/things' })).toEqual([
      'POST /things: body: is required',
    ]);
    expect(
      contract.checkRequest({ method: 'POST', path: '/things', body: [] }),
    ).toEqual([
      'POST /things: body: matches none of its oneOf schemas (body: must be an object, not an array; body: must have at least 1 items)',
    ]);
    expect(
      contract.checkRequest({ method: 'GET', path: '/things/a', body: thing }),
    ).toEqual(['GET /things/{id}: body: the operation takes none']);
  });

  it('prefers literal path segments over templates', () => {
    expect(
      contract.checkRequest({ method: 'GET', path: '/things/latest' }),
    ).toEqual([]);
    // A list: as /things/{id} it would have to be a Thing.
    expect(
      contract.checkResponse({
        method: 'GET',
        path: '/things/latest',
        status: 200,
        body: { items: [], totalCount: 0 },
      }),
    ).toEqual([]);
  });

  it('refuses documents it could not check completely', () => {
    const withSchema = (schema: object) => ({
      ...spec,
      components: {
        ...spec.components,
        schemas: { ...spec.components.schemas, Odd: schema },
      },
    });

    expect(() =>
      createOpenApiContract(withSchema({ type: 'string', const: 'x' })),
    ).toThrow(
      'OpenAPI: #/components/schemas/Odd uses "const", which this contract does not check',
    );
    expect(() =>
      createOpenApiContract(withSchema({ type: 'string', format: 'email' })),
    ).toThrow(
      'OpenAPI: #/components/schemas/Odd has the format "email", which this contract does not check',
    );
    expect(() => createOpenApiContract({ ...spec, openapi: '3.1.0' })).toThrow(
      'OpenAPI: expected an OpenAPI 3.0 document, found openapi: "3.1.0"',
    );
    expect(() =>
      createOpenApiContract(
        withSchema({ $ref: '#/components/schemas/Nothing' }),
      ),
    ).toThrow('OpenAPI: $ref #/components/schemas/Nothing points at nothing');
  });
});
