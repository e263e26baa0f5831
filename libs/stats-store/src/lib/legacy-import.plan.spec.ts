// Covers planLegacyGroup: which old counts of a group of base windows go into the roll-ups, and which never do (table-driven).
import { planLegacyGroup, type Counts, type LegacyWindowState } from './legacy-import.plan';

const w = (date: string, counts: Counts | undefined, ttl: number, marker?: Counts): LegacyWindowState => ({ date, start: Number(date.slice(-2)), counts, ttl, marker });

describe('planLegacyGroup', () => {
  it.each<[string, LegacyWindowState[], Counts | undefined, { date: string; add: Counts; marker: Counts }[], string[]]>([
    ['hash without TTL, never imported: all of it', [w('00', { a: 3 }, -1), w('30', undefined, -2)], {}, [{ date: '00', add: { a: 3 }, marker: { a: 3 } }], ['new', 'absent']],
    ['already imported, unchanged: nothing', [w('00', { a: 3 }, -1, { a: 3 })], { a: 3 }, [], ['already-imported']],
    ['grown since the import: the growth only', [w('00', { a: 5, b: 1 }, -1, { a: 3 })], { a: 3 }, [{ date: '00', add: { a: 2, b: 1 }, marker: { a: 5, b: 1 } }], ['grown']],
    ['shrunk since the import: nothing, marker kept', [w('00', { a: 1 }, -1, { a: 3 })], { a: 3 }, [], ['shrunk']],
    ['Coffee Pulse only (roll-up has it all): nothing', [w('00', { a: 2 }, 50), w('30', { a: 1 }, 50)], { a: 3 }, [], ['coffee-pulse', 'coffee-pulse']],
    ['shared window: what the roll-up lacks', [w('00', { a: 2 }, -1), w('30', { a: 5 }, 50)], { a: 3 }, [
      { date: '00', add: { a: 2 }, marker: { a: 2 } },
      { date: '30', add: { a: 2 }, marker: { a: 2 } },
    ], ['new', 'shared']],
    ['two Coffee Pulse windows: the earliest takes the old counts', [w('00', { a: 4 }, 50), w('30', { a: 3 }, 50)], { a: 5 }, [{ date: '00', add: { a: 2 }, marker: { a: 2 } }], ['shared', 'coffee-pulse']],
    ['marked Coffee Pulse window: growth is Coffee Pulse\'s', [w('00', { a: 9 }, 50, { a: 2 })], { a: 2 }, [], ['already-imported']],
    ['roll-up holds more (expired base hashes): nothing', [w('00', { a: 1 }, 50)], { a: 4 }, [], ['coffee-pulse']],
    ['no roll-up resolution: a Coffee Pulse window is left alone', [w('00', { a: 1 }, 50)], undefined, [], ['coffee-pulse']],
  ])('%s', (_name, windows, groupRollup, imports, verdicts) => {
    const plan = planLegacyGroup({ windows, groupRollup });
    expect(plan.imports.map(({ date, add, marker }) => ({ date, add, marker }))).toEqual(imports);
    expect(plan.verdicts).toEqual(verdicts);
  });
});
