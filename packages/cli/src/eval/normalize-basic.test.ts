import { describe, expect, it } from 'vitest';
import { normalizeBasic, removeSymbols } from './normalize-basic.js';

describe('normalizeBasic', () => {
  it('lower-cases, drops asides, marks, symbols and punctuation, keeps accents', () => {
    // openai/whisper's BasicTextNormalizer gives the same words for these (and 990 asterisk es/fr prompts)
    expect(normalizeBasic('Ça coûte 5 € — «très» cher! (note) [bruit] L’été; Müller/Straße.')).toBe(
      'ça coûte 5 très cher l été müller straße',
    );
    expect(normalizeBasic('¿Dónde está?  Marque 2 ahora.')).toBe('dónde está marque 2 ahora');
  });

  it('strips diacritics and folds ligatures on request', () => {
    expect(removeSymbols('Œuvre café ß ø', { removeDiacritics: true })).toBe('OEuvre cafe ss o');
    expect(removeSymbols('50% $3', { removeDiacritics: true, keep: '%$' })).toBe('50% $3');
  });
});
