import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FilterSelect } from './FilterSelect';

const OPTIONS = [
  { value: '', label: 'All teams' },
  { value: 'group:default/learning-team', label: 'Learning Team' },
  { value: 'group:default/jobs-team', label: 'Jobs Team' },
];

describe('FilterSelect', () => {
  it('is a select addressable by its label, showing the selected option', () => {
    render(
      <FilterSelect
        label="Team"
        value="group:default/jobs-team"
        options={OPTIONS}
        onChange={jest.fn()}
      />,
    );
    const select = screen.getByLabelText('Team');
    expect(select).toHaveValue('group:default/jobs-team');
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual(['All teams', 'Learning Team', 'Jobs Team']);
  });

  it('selects the first option for an empty value', () => {
    render(
      <FilterSelect
        label="Team"
        value=""
        options={OPTIONS}
        onChange={jest.fn()}
      />,
    );
    expect(screen.getByRole('option', { name: 'All teams' })).toHaveProperty(
      'selected',
      true,
    );
  });

  it('reports the value of the option chosen', async () => {
    const onChange = jest.fn();
    render(
      <FilterSelect
        label="Team"
        value=""
        options={OPTIONS}
        onChange={onChange}
      />,
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Team'),
      'Learning Team',
    );
    expect(onChange).toHaveBeenCalledWith('group:default/learning-team');
  });

  it('shows why its options are incomplete, and can be disabled', () => {
    render(
      <FilterSelect
        label="Team"
        value=""
        options={OPTIONS.slice(0, 1)}
        onChange={jest.fn()}
        disabled
        error="Could not load the teams"
      />,
    );
    const select = screen.getByLabelText('Team');
    expect(select).toBeDisabled();
    expect(select).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Could not load the teams')).toBeInTheDocument();
  });
});
