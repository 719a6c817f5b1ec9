// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
import { httpUrlProblem, safeHttpUrl } from './httpUrl';

describe('safeHttpUrl', () => {
  it.each([
    ['https://ci.example.com/runs/1', 'https://ci.example.com/runs/1'],
    ['http://127.0.0.1:7090/applications/argocd/app', undefined],
    ['HTTPS://CI.example.com/a?b=c#d', 'https://ci.example.com/a?b=c#d'],
  ])('keeps the http(s) URL %p', (value, normalized) => {
    expect(safeHttpUrl(value)).toBe(normalized ?? value);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.cookie)'],
    // The URL parser drops tabs and newlines, as browsers do.
    ['java\nscript:alert(1)'],
    ['\tjavascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['file:///etc/passwd'],
    ['ftp://files.example.com/x'],
    ['/relative/path'],
    ['//evil.example.com/protocol-relative'],
    ['ci.example.com/runs/1'],
    ['https://user:secret@ci.example.com/runs/1'],
    ['https://token@ci.example.com/runs/1'],
    [''],
    ['https://'],
  ])('refuses %p', value => {
    expect(safeHttpUrl(value)).toBeUndefined();
    expect(httpUrlProblem(value)).toEqual(expect.any(String));
  });

  it.each([[undefined], [null], [42], [{ href: 'https://x.example' }]])(
    'refuses the non-string %p',
    value => {
      expect(safeHttpUrl(value)).toBeUndefined();
    },
  );
});

describe('httpUrlProblem', () => {
  it('says what is wrong, to follow a field name', () => {
    expect(httpUrlProblem('javascript:alert(1)')).toBe(
      'must be an http: or https: URL, not javascript:',
    );
    expect(httpUrlProblem('/runs/1')).toBe(
      'must be an absolute http: or https: URL',
    );
    expect(httpUrlProblem('https://a:b@ci.example.com')).toBe(
      'must not contain credentials (user:password@)',
    );
    expect(httpUrlProblem('https://ci.example.com/runs/1')).toBeUndefined();
  });
});
