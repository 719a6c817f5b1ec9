/** Small fetch helpers for tests that talk to the doubles over HTTP. */

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

export async function sendJson(
  method: 'POST' | 'DELETE',
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function loginToArgoCd(
  argoCdUrl: string,
  username = 'admin',
  password = 'test-password',
): Promise<Record<string, string>> {
  const { status, body } = await sendJson(
    'POST',
    `${argoCdUrl}/api/v1/session`,
    {
      username,
      password,
    },
  );
  if (status !== 200)
    throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
  return { Authorization: `Bearer ${body.token}` };
}

/** Polls `check` until it returns a value, for state that changes on a timer. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error('timed out waiting for a condition');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
