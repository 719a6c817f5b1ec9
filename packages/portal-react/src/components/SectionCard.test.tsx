import { renderInTestApp } from '@backstage/frontend-test-utils';
import Button from '@material-ui/core/Button';
import { screen } from '@testing-library/react';
import { SectionCard } from './SectionCard';

describe('SectionCard', () => {
  it('titles its content with a level-two heading', async () => {
    await renderInTestApp(
      <SectionCard title="Locks" subheader="Who holds what">
        <p>No locks</p>
      </SectionCard>,
    );
    expect(
      screen.getByRole('heading', { level: 2, name: 'Locks' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Who holds what')).toBeInTheDocument();
    expect(screen.getByText('No locks')).toBeInTheDocument();
  });

  it('shows its action', async () => {
    await renderInTestApp(
      <SectionCard title="Locks" action={<Button>Add lock</Button>}>
        <p>No locks</p>
      </SectionCard>,
    );
    expect(
      screen.getByRole('button', { name: 'Add lock' }),
    ).toBeInTheDocument();
  });
});
