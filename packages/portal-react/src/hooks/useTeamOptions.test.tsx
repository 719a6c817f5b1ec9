import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useTeamOptions } from './useTeamOptions';

function group(
  name: string,
  naming: { title?: string; displayName?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title: naming.title },
    spec: {
      type: 'team',
      children: [],
      profile: naming.displayName
        ? { displayName: naming.displayName }
        : undefined,
    },
  };
}

function renderTeamOptions(entities: Entity[]) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[catalogApiMock({ entities })]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useTeamOptions(), { wrapper });
}

describe('useTeamOptions', () => {
  it("lists the catalog's groups by display name, sorted", async () => {
    const { result } = renderTeamOptions([
      group('platform-team', { displayName: 'Platform Team', title: 'P' }),
      group('jobs-team', { title: 'Jobs' }),
      group('learning-team'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'course-service', namespace: 'default' },
      },
    ]);

    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBeUndefined();
    expect(result.current.value).toEqual([
      { value: 'group:default/jobs-team', label: 'Jobs' },
      { value: 'group:default/learning-team', label: 'learning-team' },
      { value: 'group:default/platform-team', label: 'Platform Team' },
    ]);
  });

  it('reports a failure to load the groups', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    const { result } = renderHook(() => useTeamOptions(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[catalogApi]}>{children}</TestApiProvider>
      ),
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error?.message).toBe('catalog is down');
    expect(result.current.value).toBeUndefined();
  });
});
