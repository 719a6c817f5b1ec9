import { SECOND } from './time';

/**
 * The life of a crash-looping container, computed from the moment it first
 * started, so restart counts keep growing while the double runs, following
 * kubelet's back-off: 10s, doubling per crash, capped at 5 minutes.
 */

/** How long the demo's crashing process stays up before it exits. */
export const CRASH_AFTER_MS = 4 * SECOND;
const INITIAL_BACK_OFF_MS = 10 * SECOND;
const MAX_BACK_OFF_MS = 300 * SECOND;

export function backOffAfterCrash(crashNumber: number): number {
  return Math.min(INITIAL_BACK_OFF_MS * 2 ** crashNumber, MAX_BACK_OFF_MS);
}

export interface ContainerRun {
  startedAt: number;
  /** When the run exits; after `now` while the container is still up. */
  finishedAt: number;
}

export interface CrashLoopState {
  restartCount: number;
  /** The run that started most recently. */
  current: ContainerRun;
  /** The run before it, absent before the first restart. */
  previous?: ContainerRun;
  /** True between an exit and the next start: kubelet reports CrashLoopBackOff. */
  backingOff: boolean;
  /** The back-off kubelet is waiting out, while `backingOff`. */
  backOffMs: number;
}

export function crashLoopState(
  firstStartedAt: number,
  now: number,
): CrashLoopState {
  let restartCount = 0;
  let current: ContainerRun = {
    startedAt: firstStartedAt,
    finishedAt: firstStartedAt + CRASH_AFTER_MS,
  };
  let previous: ContainerRun | undefined;
  for (;;) {
    const nextStart = current.finishedAt + backOffAfterCrash(restartCount);
    if (nextStart > now) break;
    previous = current;
    current = { startedAt: nextStart, finishedAt: nextStart + CRASH_AFTER_MS };
    restartCount++;
  }
  return {
    restartCount,
    current,
    previous,
    backingOff: current.finishedAt <= now,
    backOffMs: backOffAfterCrash(restartCount),
  };
}

/**
 * How far to shift a crash-looping container's timeline so that at `now` it
 * crashed `ago` ms before: the demo then always opens mid back-off
 * (CrashLoopBackOff) rather than in one of its brief running windows.
 */
export function shiftToLastCrashAgo(
  firstStartedAt: number,
  now: number,
  ago: number,
): number {
  const state = crashLoopState(firstStartedAt, now);
  const lastCrash = state.backingOff
    ? state.current.finishedAt
    : state.previous?.finishedAt;
  return lastCrash === undefined ? 0 : now - ago - lastCrash;
}
