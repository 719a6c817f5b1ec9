import CheckIcon from '@material-ui/icons/Check';
import { render, screen } from '@testing-library/react';
import { Tone, ToneChip } from './ToneChip';

describe('ToneChip', () => {
  it('shows its label, and its icon when it has one', () => {
    const { container } = render(
      <ToneChip
        tone="success"
        label="Succeeded"
        icon={<CheckIcon data-testid="icon" />}
      />,
    );
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByTestId('icon')).toBeInTheDocument();
    expect(container.querySelector('.MuiChip-outlined')).not.toBeNull();
  });

  it('renders without an icon', () => {
    render(<ToneChip tone="neutral" label="Pending" />);
    expect(screen.getByText('Pending')).toBeInTheDocument();
    expect(screen.queryByTestId('icon')).toBeNull();
  });

  it('gives every tone its own colours', () => {
    const tones: Tone[] = ['success', 'info', 'warning', 'error', 'neutral'];
    const classNames = tones.map(tone => {
      const { container, unmount } = render(
        <ToneChip tone={tone} label={tone} />,
      );
      const chip = container.firstElementChild!;
      const className = [...chip.classList]
        .filter(name => !name.startsWith('Mui'))
        .join(' ');
      unmount();
      return className;
    });
    expect(classNames.every(Boolean)).toBe(true);
    expect(new Set(classNames).size).toBe(tones.length);
  });
});
