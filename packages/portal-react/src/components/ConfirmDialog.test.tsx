import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfirmDialog } from './ConfirmDialog';

function renderDialog(onConfirm: () => Promise<void>) {
  const onClose = jest.fn();
  render(
    <ConfirmDialog
      title="Tear down preview-42?"
      confirmLabel="Tear down"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      Its namespace and application are deleted.
    </ConfirmDialog>,
  );
  return { onClose };
}

describe('ConfirmDialog', () => {
  it('asks, titled by its question', () => {
    renderDialog(jest.fn());
    const dialog = screen.getByRole('dialog', {
      name: 'Tear down preview-42?',
    });
    expect(dialog).toHaveTextContent(
      'Its namespace and application are deleted.',
    );
  });

  it('does it and closes on confirmation', async () => {
    const onConfirm = jest.fn().mockResolvedValue(undefined);
    const { onClose } = renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Tear down' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });

  it('is busy while the action runs', async () => {
    let finish: () => void = () => {};
    const onConfirm = jest.fn(
      () => new Promise<void>(resolve => (finish = resolve)),
    );
    const { onClose } = renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Tear down' }));
    expect(screen.getByRole('button', { name: 'Tear down' })).toBeDisabled();
    expect(onClose).not.toHaveBeenCalled();
    finish();
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });

  it('stays open and says why when the action fails', async () => {
    const onConfirm = jest
      .fn()
      .mockRejectedValue(new Error('preview-42 is locked'));
    const { onClose } = renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Tear down' }));
    expect(
      await screen.findByRole('alert', { name: 'Something went wrong' }),
    ).toHaveTextContent('preview-42 is locked');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Tear down' })).toBeEnabled();
  });

  it('cancels without doing it', async () => {
    const onConfirm = jest.fn();
    const { onClose } = renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
