import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { formatDateTime } from '../format';
import { RelativeTime } from './RelativeTime';

describe('RelativeTime', () => {
  it('says how long ago, with the exact time on hover', async () => {
    const timestamp = DateTime.now().minus({ hours: 3 }).toUTC().toISO()!;
    render(<RelativeTime timestamp={timestamp} />);

    const time = screen.getByText('3 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', timestamp);

    await userEvent.hover(time);
    expect(
      await screen.findByRole('tooltip', { name: formatDateTime(timestamp) }),
    ).toBeInTheDocument();
  });
});
