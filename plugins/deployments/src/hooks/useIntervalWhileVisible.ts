import { useEffect, useRef } from 'react';

function isDocumentVisible(): boolean {
  return document.visibilityState === 'visible';
}

/**
 * Calls `callback` every `intervalMs` while the browser tab is visible, and
 * once on coming back to the tab if a call is overdue, so that a tab left in
 * the background neither polls nor shows stale data when it is looked at.
 */
export function useIntervalWhileVisible(
  callback: () => void,
  intervalMs: number,
): void {
  const latestCallback = useRef(callback);
  useEffect(() => {
    latestCallback.current = callback;
  }, [callback]);

  useEffect(() => {
    let lastCall = Date.now();
    const call = () => {
      lastCall = Date.now();
      latestCallback.current();
    };
    const timer = window.setInterval(() => {
      if (isDocumentVisible()) {
        call();
      }
    }, intervalMs);
    const onVisibilityChange = () => {
      if (isDocumentVisible() && Date.now() - lastCall >= intervalMs) {
        call();
      }
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [intervalMs]);
}
