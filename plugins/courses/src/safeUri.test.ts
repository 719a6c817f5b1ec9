/* eslint-disable no-script-url */
// The point of these tests is script URLs: they must be dropped.
import { safeImageUri, safeLinkUri } from './safeUri';

describe('safeLinkUri', () => {
  it.each([
    'https://backstage.io/docs',
    'http://example.com',
    'mailto:learning@example.com',
    '/docs/default/component/portal/',
    '#modules',
    'lesson-two',
    './setup?tab=1',
    '/path/with:colon',
  ])('keeps %s', uri => {
    expect(safeLinkUri(uri)).toBe(uri);
  });

  it.each([
    'javascript:window.__xss=1',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
  ])('drops %j', uri => {
    expect(safeLinkUri(uri)).toBe('');
  });
});

describe('safeImageUri', () => {
  it('keeps http(s) and relative images', () => {
    expect(safeImageUri('https://example.com/a.png')).toBe(
      'https://example.com/a.png',
    );
    expect(safeImageUri('/img/a.png')).toBe('/img/a.png');
  });

  it('drops data: and javascript: sources', () => {
    expect(safeImageUri('data:image/svg+xml,<svg onload=1>')).toBe('');
    expect(safeImageUri('javascript:alert(1)')).toBe('');
  });
});
