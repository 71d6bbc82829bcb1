import { describe, expect, it } from 'vitest';
import { parseEditorText, renderEditorText } from './editor-text.js';

const atoms = { 2: 'Joe Biden', 3: 'Biden', 4: 'https://example.com/a?b=1' };

describe('a segment as an editor reads and writes it', () => {
  it('shows atoms as their text and keeps the tags of inline elements', () => {
    expect(renderEditorText('<x2/> met <x1>the press</x1>; <x3/> spoke. See <x4/>.', atoms)).toBe(
      'Joe Biden met <x1>the press</x1>; Biden spoke. See https://example.com/a?b=1.',
    );
  });

  it.each([
    ['the text as shown', 'Joe Biden a rencontré <x1>la presse</x1> ; Biden a parlé. Voir https://example.com/a?b=1.', '<x2/> a rencontré <x1>la presse</x1> ; <x3/> a parlé. Voir <x4/>.'],
    ['atoms moved and spaces collapsed', '  Biden a parlé   après que Joe Biden a vu https://example.com/a?b=1 ', '<x3/> a parlé après que <x2/> a vu <x4/>'],
    ['an atom left out (put back on reassembly)', 'Il a rencontré la presse.', 'Il a rencontré la presse.'],
  ])('reads %s back into canonical form', (_name, text, canonical) => {
    expect(parseEditorText(text, atoms)).toEqual({ kind: 'segment', canonical });
  });

  it.each(['', '   ', '<x1></x1> 42 !'])('refuses a translation without words: %j', (text) => {
    expect(parseEditorText(text, atoms)).toEqual({ kind: 'invalid', reason: 'the translation has no words' });
  });
});
