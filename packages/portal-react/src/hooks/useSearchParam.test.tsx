import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { useSearchParam } from './useSearchParam';

function renderSearchParam(name: string, url: string) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
  );
  return renderHook(
    () => {
      const [value, setValue] = useSearchParam(name);
      const location = useLocation();
      return { value, setValue, search: location.search };
    },
    { wrapper },
  );
}

describe('useSearchParam', () => {
  it('reads a parameter of the query string', () => {
    const { result } = renderSearchParam('team', '/x?team=learning&range=7d');
    expect(result.current.value).toBe('learning');
  });

  it('is undefined for a missing or empty parameter', () => {
    expect(
      renderSearchParam('team', '/x').result.current.value,
    ).toBeUndefined();
    expect(
      renderSearchParam('team', '/x?team=').result.current.value,
    ).toBeUndefined();
  });

  it('sets the parameter and keeps the others', () => {
    const { result } = renderSearchParam('team', '/x?range=7d&team=jobs');
    act(() => result.current.setValue('learning'));
    expect(result.current.value).toBe('learning');
    expect(new URLSearchParams(result.current.search).get('range')).toBe('7d');
    expect(new URLSearchParams(result.current.search).get('team')).toBe(
      'learning',
    );
  });

  it.each([[''], [undefined]])(
    'removes the parameter when set to %p',
    value => {
      const { result } = renderSearchParam('team', '/x?team=jobs&range=7d');
      act(() => result.current.setValue(value));
      expect(result.current.value).toBeUndefined();
      expect(result.current.search).toBe('?range=7d');
    },
  );
});
