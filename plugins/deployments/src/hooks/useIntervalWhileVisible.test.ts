import { act, renderHook } from '@testing-library/react';
import { useIntervalWhileVisible } from './useIntervalWhileVisible';

describe('useIntervalWhileVisible', () => {
  let visibility: DocumentVisibilityState;

  function setVisibility(state: DocumentVisibilityState) {
    visibility = state;
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
  }

  beforeEach(() => {
    jest.useFakeTimers();
    visibility = 'visible';
    jest
      .spyOn(document, 'visibilityState', 'get')
      .mockImplementation(() => visibility);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('calls back on every interval while the tab is visible', () => {
    const callback = jest.fn();
    renderHook(() => useIntervalWhileVisible(callback, 30_000));

    jest.advanceTimersByTime(29_999);
    expect(callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(30_000);
    expect(callback).toHaveBeenCalledTimes(2);
  });

  it('skips calls while hidden and catches up on coming back', () => {
    const callback = jest.fn();
    renderHook(() => useIntervalWhileVisible(callback, 30_000));

    setVisibility('hidden');
    jest.advanceTimersByTime(90_000);
    expect(callback).not.toHaveBeenCalled();

    setVisibility('visible');
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('does not call on coming back when the last call is recent', () => {
    const callback = jest.fn();
    renderHook(() => useIntervalWhileVisible(callback, 30_000));

    setVisibility('hidden');
    jest.advanceTimersByTime(10_000);
    setVisibility('visible');
    expect(callback).not.toHaveBeenCalled();
  });

  it('stops when unmounted', () => {
    const callback = jest.fn();
    const { unmount } = renderHook(() =>
      useIntervalWhileVisible(callback, 30_000),
    );
    unmount();
    jest.advanceTimersByTime(60_000);
    expect(callback).not.toHaveBeenCalled();
  });
});
