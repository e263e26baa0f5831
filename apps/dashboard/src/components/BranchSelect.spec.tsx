// Covers the branch picker: "All branches" plus every branch, change events, and a URL branch not (yet) listed.
import { fireEvent, render, screen } from '@testing-library/react';
import { BranchSelect } from './BranchSelect';

describe('BranchSelect', () => {
  it('lists all branches and reports a change', () => {
    const onChange = jest.fn();
    render(<BranchSelect branches={['jeongja', 'migeum', 'seohyeon', 'sunae']} value="all" onChange={onChange} />);
    const select = screen.getByTestId<HTMLSelectElement>('branch-select');
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['all', 'All branches'],
      ['jeongja', 'Jeongja'],
      ['migeum', 'Migeum'],
      ['seohyeon', 'Seohyeon'],
      ['sunae', 'Sunae'],
    ]);
    fireEvent.change(select, { target: { value: 'sunae' } });
    expect(onChange).toHaveBeenCalledWith('sunae');
    expect(screen.getByLabelText('Branch')).toBe(select);
  });

  it('keeps a selected branch that is not listed', () => {
    render(<BranchSelect branches={[]} value="pangyo" onChange={jest.fn()} />);
    expect(screen.getByTestId<HTMLSelectElement>('branch-select').value).toBe('pangyo');
  });
});
