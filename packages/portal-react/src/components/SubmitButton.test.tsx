import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SubmitButton } from './SubmitButton';

describe('SubmitButton', () => {
  it('submits on click', async () => {
    const onClick = jest.fn();
    render(<SubmitButton onClick={onClick}>Save</SubmitButton>);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('progressbar', { hidden: true })).toBeNull();
  });

  it('is disabled, with a spinner, while busy', () => {
    render(<SubmitButton busy>Save</SubmitButton>);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(
      screen.getByRole('progressbar', { hidden: true }),
    ).toBeInTheDocument();
  });

  it('can be disabled without being busy', () => {
    render(<SubmitButton disabled>Save</SubmitButton>);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(screen.queryByRole('progressbar', { hidden: true })).toBeNull();
  });

  it('submits its form', async () => {
    const onSubmit = jest.fn((event: { preventDefault(): void }) =>
      event.preventDefault(),
    );
    render(
      <form onSubmit={onSubmit}>
        <SubmitButton type="submit">Create</SubmitButton>
      </form>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
});
