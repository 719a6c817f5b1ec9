import { ResponseError } from '@backstage/errors';
import { render, screen } from '@testing-library/react';
import { ErrorAlert } from './ErrorAlert';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('ErrorAlert', () => {
  it.each([
    [403, 'Not allowed'],
    [404, 'Not found'],
    [409, 'Refused'],
    [500, 'Something went wrong'],
  ])(
    "titles a %s by its status and says why in the backend's words",
    async (status, title) => {
      const error = await responseError(status, 'staging is locked: freeze');
      render(<ErrorAlert error={error} />);
      const alert = screen.getByRole('alert', { name: title });
      expect(alert).toHaveTextContent('staging is locked: freeze');
      expect(alert).not.toHaveTextContent('Request failed');
    },
  );

  it("shows other errors' own message", () => {
    render(<ErrorAlert error={new TypeError('Failed to fetch')} />);
    expect(
      screen.getByRole('alert', { name: 'Something went wrong' }),
    ).toHaveTextContent('Failed to fetch');
  });

  it('takes a title of its own', async () => {
    const error = await responseError(409, 'Already enrolled');
    render(<ErrorAlert error={error} title="Could not enrol" />);
    expect(
      screen.getByRole('alert', { name: 'Could not enrol' }),
    ).toHaveTextContent('Already enrolled');
  });
});
