/*
 * Running a template through the scaffolder's REST API, as the frontend
 * does: create a task, wait for it to end, read its log and output. Shared
 * by the template tests and scripts/benchmarks/scaffolder.ts.
 */

type JsonObject = Record<string, unknown>;

export interface TemplateTaskResult {
  id: string;
  status: 'completed' | 'failed' | 'cancelled';
  /** The template's output (links, text), once completed. */
  output?: JsonObject;
  /** Every log line of the task, for failure messages. */
  log: string[];
}

async function request(
  url: string,
  init: RequestInit & { headers: Record<string, string> },
): Promise<any> {
  const res = await fetch(url, init);
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url} answered ${
        res.status
      }: ${await res.text()}`,
    );
  }
  return res.json();
}

/**
 * Creates a task of `templateRef` with `values` (POST /v2/tasks), as whoever
 * `headers` authenticate, and returns its id.
 */
export async function createTemplateTask(
  baseUrl: string,
  headers: Record<string, string>,
  templateRef: string,
  values: JsonObject,
): Promise<string> {
  const { id } = await request(`${baseUrl}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ templateRef, values }),
  });
  return id;
}

/** Polls the task until it has ended, then reads its events. */
export async function waitForTemplateTask(
  baseUrl: string,
  headers: Record<string, string>,
  taskId: string,
  timeoutMs = 120_000,
): Promise<TemplateTaskResult> {
  const taskUrl = `${baseUrl}/api/scaffolder/v2/tasks/${taskId}`;
  const deadline = Date.now() + timeoutMs;
  let status: string;
  for (;;) {
    ({ status } = await request(taskUrl, { headers }));
    if (['completed', 'failed', 'cancelled'].includes(status)) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Task ${taskId} is still ${status} after ${timeoutMs} ms`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  const events: Array<{ type: string; body: JsonObject }> = await request(
    `${taskUrl}/events`,
    { headers },
  );
  const completion = events.find(event => event.type === 'completion');
  return {
    id: taskId,
    status: status as TemplateTaskResult['status'],
    output: completion?.body.output as JsonObject | undefined,
    log: events.map(event =>
      [event.body.stepId, event.body.message].filter(Boolean).join(': '),
    ),
  };
}
