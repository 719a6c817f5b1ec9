import {
  columnsOfService,
  matrixColumns,
  nextEnvironment,
  promotionCandidate,
  promotionChange,
  serviceName,
} from './matrix';
import {
  aMatrix,
  COURSE_SERVICE,
  environments,
  production,
} from './__testUtils__/fixtures';

const matrix = aMatrix();
const columns = matrixColumns(matrix.environments, environments);
const [courseService] = matrix.rows;

describe('matrixColumns', () => {
  it('keeps the matrix order and adds what the list knows', () => {
    expect(columns.map(c => c.name)).toEqual([
      'development',
      'staging',
      'production',
      'pr-481',
    ]);
    expect(columns[2].environment).toBe(production);
  });

  it('keeps environments the list no longer has', () => {
    expect(matrixColumns(['legacy'], environments)).toEqual([
      { name: 'legacy', environment: undefined },
    ]);
  });
});

describe('nextEnvironment', () => {
  it('follows the promotion path to production', () => {
    expect(nextEnvironment(columns, 'development')?.name).toBe('staging');
    expect(nextEnvironment(columns, 'staging')?.name).toBe('production');
  });

  it('ends at production and leaves previews out', () => {
    expect(nextEnvironment(columns, 'production')).toBeUndefined();
    expect(nextEnvironment(columns, 'pr-481')).toBeUndefined();
    expect(nextEnvironment(columns, 'unknown')).toBeUndefined();
  });

  it('skips previews between other environments', () => {
    const mixed = matrixColumns(
      ['development', 'pr-481', 'staging'],
      environments,
    );
    expect(nextEnvironment(mixed, 'development')?.name).toBe('staging');
  });
});

describe('promotionCandidate', () => {
  it('offers the version of a cell to the next environment', () => {
    const candidate = promotionCandidate(courseService, columns, 'staging');
    expect(candidate).toMatchObject({
      entityRef: COURSE_SERVICE,
      version: '1.43.0',
      from: 'staging',
      to: { name: 'production', environment: production },
      current: { version: '1.42.0' },
    });
  });

  it('offers nothing from an empty cell or the last environment', () => {
    const { versions } = courseService;
    const row = { ...courseService, versions: { staging: versions.staging } };
    expect(promotionCandidate(row, columns, 'development')).toBeUndefined();
    expect(
      promotionCandidate(courseService, columns, 'production'),
    ).toBeUndefined();
  });
});

describe('promotionChange', () => {
  it('tells a first deployment, a replacement and a re-sync apart', () => {
    const candidate = promotionCandidate(courseService, columns, 'staging')!;
    expect(promotionChange(candidate)).toEqual({
      kind: 'replace',
      current: candidate.current,
    });
    expect(promotionChange({ ...candidate, current: undefined })).toEqual({
      kind: 'first',
    });
    expect(promotionChange({ ...candidate, version: '1.42.0' }).kind).toBe(
      'same',
    );
  });
});

describe('columnsOfService', () => {
  it('shows the path and only the previews the service runs in', () => {
    const [, userService] = matrix.rows;
    expect(columnsOfService(columns, courseService).map(c => c.name)).toEqual([
      'development',
      'staging',
      'production',
      'pr-481',
    ]);
    expect(columnsOfService(columns, userService).map(c => c.name)).toEqual([
      'development',
      'staging',
      'production',
    ]);
  });
});

describe('serviceName', () => {
  it('leaves the default kind and namespace out', () => {
    expect(serviceName('component:default/course-service')).toBe(
      'course-service',
    );
    expect(serviceName('component:payments/ledger')).toBe('payments/ledger');
  });
});
