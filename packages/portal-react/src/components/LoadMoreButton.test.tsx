import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoadMoreButton } from './LoadMoreButton';

describe('LoadMoreButton', () => {
  it('loads the next page on click', async () => {
    const onClick = jest.fn();
    render(<LoadMoreButton onClick={onClick} />);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('is disabled, with a spinner, while the next page loads', () => {
    render(<LoadMoreButton onClick={jest.fn()} loading />);
    expect(screen.getByRole('button', { name: 'Load more' })).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { hidden: true }),
    ).toBeInTheDocument();
  });

  it('shows no spinner otherwise', () => {
    render(<LoadMoreButton onClick={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Load more' })).toBeEnabled();
    expect(screen.queryByRole('progressbar', { hidden: true })).toBeNull();
  });
});
