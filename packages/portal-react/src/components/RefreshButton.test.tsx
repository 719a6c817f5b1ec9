import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RefreshButton } from './RefreshButton';

describe('RefreshButton', () => {
  it('is a button named by its label that reloads on click', async () => {
    const onClick = jest.fn();
    render(<RefreshButton label="Refresh deployments" onClick={onClick} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh deployments' }),
    );
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
