import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * One query-string parameter as state, so that filters survive a reload and
 * can be shared as a link. Setting '' or undefined removes the parameter.
 */
export function useSearchParam(
  name: string,
): [string | undefined, (value: string | undefined) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const setValue = useCallback(
    (value: string | undefined) => {
      setSearchParams(
        previous => {
          const next = new URLSearchParams(previous);
          if (value) {
            next.set(name, value);
          } else {
            next.delete(name);
          }
          return next;
        },
        { replace: true },
      );
    },
    [name, setSearchParams],
  );
  return [searchParams.get(name) || undefined, setValue];
}
