import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { CourseMarkdown } from './CourseMarkdown';

declare global {
  interface Window {
    __xss?: number;
  }
}

/** Ways of running script from Markdown that a course author might try. */
const XSS_CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[markdown link](javascript:window.__xss=1)',
  '[spaced link](  javascript:window.__xss=1  )',
  '[tabbed link](java&#9;script:window.__xss=1)',
  '<a href="javascript:window.__xss=1">html link</a>',
  '<a href="JaVaScRiPt:window.__xss=1">mixed case link</a>',
  '<svg onload="window.__xss=1"><circle r="1"/></svg>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)',
  '<form action="javascript:window.__xss=1"><button>form button</button></form>',
  '<details open ontoggle="window.__xss=1"><summary>details</summary></details>',
  '<div style="background:url(javascript:window.__xss=1)" onclick="window.__xss=1">styled div</div>',
  '![image](javascript:window.__xss=1)',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<math><a xlink:href="javascript:window.__xss=1">math link</a></math>',
].join('\n\n');

async function renderMarkdown(content: string) {
  await renderInTestApp(
    <div data-testid="lesson">
      <CourseMarkdown content={content} />
    </div>,
  );
  return screen.getByTestId('lesson');
}

describe('CourseMarkdown', () => {
  afterEach(() => {
    delete window.__xss;
  });

  it('renders Markdown with safe links', async () => {
    const lesson = await renderMarkdown(
      '## Deploying\n\nRead [the guide](https://argo-cd.readthedocs.io/) and [the runbook](/docs/default/component/portal/).',
    );

    expect(screen.getByRole('heading', { name: 'Deploying' })).toBeVisible();
    expect(screen.getByRole('link', { name: /^the guide/ })).toHaveAttribute(
      'href',
      'https://argo-cd.readthedocs.io/',
    );
    expect(screen.getByRole('link', { name: 'the runbook' })).toHaveAttribute(
      'href',
      '/docs/default/component/portal/',
    );
    expect(lesson.querySelector('h2')).not.toBeNull();
  });

  it('renders the XSS corpus inert', async () => {
    const lesson = await renderMarkdown(XSS_CORPUS);

    for (const tag of ['script', 'iframe', 'svg', 'object', 'embed', 'form']) {
      expect(lesson.querySelector(tag)).toBeNull();
    }
    const withHandlers = [...lesson.querySelectorAll('*')].filter(element =>
      element.getAttributeNames().some(name => /^on/i.test(name)),
    );
    expect(withHandlers).toEqual([]);
    expect(lesson.querySelector('[style], [srcdoc]')).toBeNull();

    // Links to unsafe schemes keep their text but lose their target.
    for (const text of [
      'markdown link',
      'spaced link',
      'tabbed link',
      'html link',
      'mixed case link',
      'data link',
      'math link',
    ]) {
      expect(screen.getByText(text).closest('a')).toBeNull();
    }
    const hrefs = [...lesson.querySelectorAll('[href], [src], [action]')].map(
      element =>
        element.getAttribute('href') ??
        element.getAttribute('src') ??
        element.getAttribute('action'),
    );
    for (const href of hrefs) {
      expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }

    // Whatever is left is clicked, as a curious learner would.
    lesson.querySelectorAll('a, button, img, summary').forEach(element => {
      fireEvent.click(element);
    });
    expect(window.__xss).toBeUndefined();
  });
});
