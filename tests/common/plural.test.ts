/** Counts in words: the one plural helper of the workbench, the command line and the history. */
import { describe, expect, it } from 'vitest';
import { plural, pluralForm } from '../../common/plural.js';

describe('plural', () => {
  it.each([
    [0, 'entity', '0 entities'],
    [1, 'entity', '1 entity'],
    [2, 'entity', '2 entities'],
    [1, 'claim', '1 claim'],
    [3, 'claim', '3 claims'],
    [1, 'source', '1 source'],
    [5, 'source', '5 sources'],
    [2, 'match', '2 matches'],
    [1, 'match', '1 match'],
    [2, 'alias', '2 aliases'],
    [2, 'day', '2 days'],
    [2, 'document', '2 documents'],
  ])('%i %s → %j', (n, one, expected) => {
    expect(plural(n, one)).toBe(expected);
  });

  it('takes an irregular plural when told', () => {
    expect(plural(2, 'person', 'people')).toBe('2 people');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(pluralForm('entity')).toBe('entities');
  });
});
