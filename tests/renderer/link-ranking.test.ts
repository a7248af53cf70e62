/**
 * The link box's suggestions ("Across the articles" issue): existing records that match the
 * quote come first, so an analyst sees "Islamic State (group)" for "the Islamic State group"
 * without clearing the box, and is never offered to create a twin of an existing name or alias.
 */
import { describe, expect, it } from 'vitest';
import { hasExactName, matchForm, matchScore, rankForText } from '../../renderer/workbench/link-ranking.js';

const isis = { id: 'isis', names: ['Islamic State', 'ISIS', 'ISIL', 'Daesh'], mentionCount: 9 };
const iraq = { id: 'iraq', names: ['Iraq'], mentionCount: 30 };
const iran = { id: 'iran', names: ['Iran', 'Islamic Republic of Iran'], mentionCount: 20 };
const post = { id: 'post', names: ['The Washington Post'], mentionCount: 1 };
const washington = { id: 'washington', names: ['Washington'], mentionCount: 4 };
const all = [isis, iraq, iran, post, washington];

describe('the link box ranking', () => {
  it('compares in one form: case, NFC, white space, quotes and a leading "the"', () => {
    expect(matchForm('  The  Islamic\u00a0State ')).toBe('islamic state');
    expect(matchForm('Cafe\u0301')).toBe(matchForm('Café'));
  });

  it('scores exact names and aliases 0, whole-word containment 1, shared words above 2', () => {
    expect(matchScore(isis.names, 'daesh')).toBe(0);
    expect(matchScore(isis.names, 'the Islamic State group')).toBe(1);
    expect(matchScore(iran.names, 'Iranian')).toBeNull(); // not a whole word of "Iran"
    expect(matchScore(['Iraq runs the centre first'], 'the centre is run by Iraq first')).toBeGreaterThan(2);
    expect(matchScore(iraq.names, 'Syria')).toBeNull();
  });

  it('offers the matches for the quote first, best first, then by mentions', () => {
    // A shared word ("Islamic") is a weaker match, after the one whose name is in the quote.
    expect(rankForText(all, 'the Islamic State group', 5).map((r) => r.id)).toEqual(['isis', 'iran']);
    expect(rankForText(all, 'Washington', 5).map((r) => r.id)).toEqual(['washington', 'post']);
    expect(rankForText(all, 'The Washington Post', 5).map((r) => r.id)).toEqual(['post', 'washington']);
    expect(rankForText(all, '', 2).map((r) => r.id)).toEqual(['iraq', 'iran']);
  });

  it('knows when "Create new" would make a twin', () => {
    expect(hasExactName(all, 'ISIL')).toBe(true);
    expect(hasExactName(all, 'islamic state')).toBe(true);
    expect(hasExactName(all, 'Islamic State in Iraq')).toBe(false);
    expect(hasExactName(all, '  ')).toBe(false);
  });
});
