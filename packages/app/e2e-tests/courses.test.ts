import { expect, Page, test } from '@playwright/test';
import { signIn } from './signIn';

// The backend reads the demo courses of demo/courses; "Deploying with
// ArgoCD" (demo/courses/argocd.yaml) has five lessons, one of which tells
// that nobody runs `kubectl apply` by hand. The guest is a member of
// platform-team, the administrators, so it may author courses.

const ARGOCD_COURSE = 'Deploying with ArgoCD';

function courseCard(page: Page, title: string) {
  return page
    .getByRole('region', { name: 'Courses' })
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
}

test('a learner finds a course by its lesson text, enrols, completes a lesson and sees the progress', async ({
  page,
}) => {
  await signIn(page, '/learn');

  // Full-text search reaches into lesson bodies.
  await page.getByRole('searchbox', { name: 'Search courses' }).fill('kubectl');
  await expect(page).toHaveURL(/[?&]search=kubectl\b/);
  const card = courseCard(page, ARGOCD_COURSE);
  await expect(card).toBeVisible();
  await expect(page.getByText(/^Showing \d+ of \d+ course/)).toBeVisible();
  await card.getByRole('link', { name: ARGOCD_COURSE }).click();

  await expect(
    page.getByRole('heading', { name: ARGOCD_COURSE, level: 2 }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Enrol' }).click();
  const progress = page.getByRole('progressbar', {
    name: `Progress in ${ARGOCD_COURSE}`,
  });
  await expect(progress).toHaveAttribute('aria-valuenow', '0');
  await expect(page.getByText('0 of 5 lessons done')).toBeVisible();

  await page
    .getByRole('button', { name: /How ArgoCD deploys a service/ })
    .click();
  const lesson = page.getByRole('region', {
    name: /How ArgoCD deploys a service/,
  });
  await expect(lesson.getByText(/Nobody runs/)).toBeVisible();
  await lesson.getByRole('button', { name: 'Mark done' }).click();

  await expect(progress).toHaveAttribute('aria-valuenow', '20');
  await expect(page.getByText('1 of 5 lessons done')).toBeVisible();
  await expect(
    lesson.getByRole('button', { name: 'Mark not done' }),
  ).toBeVisible();

  // My learning lists the course with the same progress.
  await page.goto('/learn/me');
  const inProgress = page.getByRole('table', { name: 'Courses in progress' });
  const row = inProgress
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: ARGOCD_COURSE }) });
  await expect(
    row.getByRole('progressbar', { name: `Progress in ${ARGOCD_COURSE}` }),
  ).toHaveAttribute('aria-valuenow', '20');

  // Leaves the course, so that the test can run again on the same backend.
  await row.getByRole('link', { name: ARGOCD_COURSE }).click();
  await page.getByRole('button', { name: 'Leave course' }).click();
  await page
    .getByRole('dialog', { name: `Leave ${ARGOCD_COURSE}?` })
    .getByRole('button', { name: 'Leave course' })
    .click();
  await expect(page.getByRole('button', { name: 'Enrol' })).toBeVisible();
});

/** Ways of running script from Markdown that a course author might try. */
const XSS_CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[markdown link](javascript:window.__xss=1)',
  '[tabbed link](java&#9;script:window.__xss=1)',
  '<a href="javascript:window.__xss=1">html link</a>',
  '<a href="JaVaScRiPt:window.__xss=1">mixed case link</a>',
  '<svg onload="window.__xss=1"><circle r="1"/></svg>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)',
  '<form action="javascript:window.__xss=1"><button>form button</button></form>',
  '<details open ontoggle="window.__xss=1"><summary>details</summary></details>',
  '<div onclick="window.__xss=1" style="width:100px;height:20px">styled div</div>',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<math><a xlink:href="javascript:window.__xss=1">math link</a></math>',
  'Safe text after the corpus.',
].join('\n\n');

/** A course whose only lesson is the corpus, as the editor takes it. */
function xssCourseYaml(id: string): string {
  return JSON.stringify(
    {
      id,
      title: `XSS corpus ${id}`,
      summary: 'Markdown that must render inert.',
      category: 'security',
      level: 'beginner',
      tags: [],
      estimatedMinutes: 5,
      owner: 'group:default/platform-team',
      prerequisites: [],
      modules: [
        {
          id: 'corpus',
          title: 'Corpus',
          lessons: [
            {
              id: 'payloads',
              title: 'Payloads',
              type: 'markdown',
              body: XSS_CORPUS,
            },
          ],
        },
      ],
    },
    null,
    2,
  );
}

test("a service's Learn card lists its recommended courses and links to them", async ({
  page,
}) => {
  // course-service recommends deploying-with-argocd and writing-techdocs.
  await signIn(page, '/catalog/default/component/course-service');
  const recommended = page.getByRole('list', { name: 'Recommended courses' });
  await expect(
    recommended.getByRole('link', { name: ARGOCD_COURSE }),
  ).toBeVisible();
  await recommended.getByRole('link', { name: ARGOCD_COURSE }).click();
  await expect(page).toHaveURL(/\/learn\/courses\/deploying-with-argocd$/);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Learn' }),
  ).toBeVisible();
});

test('course Markdown with script, event handlers and script links renders inert', async ({
  page,
}) => {
  // A fresh id per run: the course is deleted at the end, but a failed run
  // leaves it behind.
  const id = `xss-corpus-${Date.now()}`;
  const title = `XSS corpus ${id}`;
  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  // Authored through the editor, which takes YAML (and so JSON).
  await signIn(page, '/learn/new');
  await page
    .getByRole('textbox', { name: 'Course (YAML)' })
    .fill(xssCourseYaml(id));
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/courses/${id}$`));
  await expect(
    page.getByRole('heading', { name: title, level: 2 }),
  ).toBeVisible();

  await page.getByRole('button', { name: /Payloads/ }).click();
  const lesson = page.getByRole('region', { name: /Payloads/ });
  await expect(lesson.getByText('Safe text after the corpus.')).toBeVisible();

  // Nothing that runs script made it into the DOM.
  const unsafe = await lesson.evaluate(root => {
    const elements = [...root.querySelectorAll('*')];
    return {
      tags: elements
        .map(element => element.tagName.toLowerCase())
        .filter(tag =>
          ['script', 'iframe', 'svg', 'object', 'embed', 'form'].includes(tag),
        ),
      handlers: elements.flatMap(element =>
        element.getAttributeNames().filter(name => /^on/i.test(name)),
      ),
      scriptUrls: elements.flatMap(element =>
        ['href', 'src', 'action', 'xlink:href', 'data', 'srcdoc']
          .map(name => element.getAttribute(name))
          .filter(
            (value): value is string =>
              value !== null && /^\s*(javascript|data|vbscript):/i.test(value),
          ),
      ),
    };
  });
  expect(unsafe).toEqual({ tags: [], handlers: [], scriptUrls: [] });

  // The links keep their text but lose their target; clicking anything left
  // runs nothing.
  for (const text of [
    'markdown link',
    'tabbed link',
    'html link',
    'data link',
  ]) {
    await expect(lesson.getByRole('link', { name: text })).toHaveCount(0);
    await lesson.getByText(text, { exact: true }).click();
  }
  await lesson.getByText('details', { exact: true }).click();
  await lesson.getByText('styled div', { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/courses/${id}$`));
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBe(
    undefined,
  );
  expect(dialogs).toEqual([]);

  // Cleans up.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: `Delete ${title}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Course catalog' }),
  ).toBeVisible();
  await page.goto(`/learn/courses/${id}`);
  await expect(page.getByText(`No course "${id}"`)).toBeVisible();
});
