import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Whole pages render, load lazily and are driven with user events: on a
// busy 2-core CI machine that can outlast Jest's 5 s per test and Testing
// Library's 1 s wait for an element to appear.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
