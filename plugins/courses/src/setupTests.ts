import '@testing-library/jest-dom';

// Whole pages render and are driven with user events: on a busy 2-core CI
// machine one such test can take longer than Jest's default 5 s.
jest.setTimeout(30_000);
