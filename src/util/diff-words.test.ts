import { describe, expect, it } from 'vitest';
import { diffWords, type DiffPart } from './diff-words.js';

const joined = (parts: readonly DiffPart[], keep: 'before' | 'after') =>
  parts.filter((part) => part.kind === 'same' || part.kind === (keep === 'before' ? 'removed' : 'added')).map((part) => part.text).join('');

describe('diffWords', () => {
  it.each([
    {
      name: 'one word changed',
      before: 'The council met on Tuesday. It voted for the bridge.',
      after: 'The council met on Wednesday. It voted for the bridge.',
      changed: [{ kind: 'removed', text: 'Tuesday. ' }, { kind: 'added', text: 'Wednesday. ' }],
    },
    {
      name: 'a sentence added at the end',
      before: 'Ten people were hurt.',
      after: 'Ten people were hurt. Two of them are in hospital.',
      changed: [{ kind: 'added', text: 'Two of them are in hospital.' }],
    },
    {
      name: 'a sentence removed in the middle',
      before: 'First. Second sentence here. Third.',
      after: 'First. Third.',
      changed: [{ kind: 'removed', text: 'Second sentence here. ' }],
    },
  ])('$name', ({ before, after, changed }) => {
    const parts = diffWords(before, after);
    expect(parts.filter((part) => part.kind !== 'same')).toEqual(changed);
    // Runs both texts share carry the later text's whitespace.
    expect(joined(parts, 'before').trim()).toBe(before);
    expect(joined(parts, 'after')).toBe(after);
  });

  it('answers one same run for equal texts and nothing for two empty ones', () => {
    expect(diffWords('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
    expect(diffWords('', '')).toEqual([]);
  });
});
