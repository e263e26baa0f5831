// Covers the palettes as data: every category colour (known and extra) passes WCAG AA non-text contrast (3:1) against its theme's card surface, and the surfaces are the stylesheet's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contrastRatio } from './contrastRatio';
import { EXTRA_COLOURS, MIN_GRAPHIC_CONTRAST, PALETTES, THEME_SURFACES, type Theme } from './palettes';

const THEMES: Theme[] = ['light', 'dark'];
const colours = THEMES.flatMap((theme) => [
  ...Object.entries(PALETTES[theme]).flatMap(([type, palette]) => Object.entries(palette).map(([category, colour]) => [theme, `${type} ${category}`, colour] as const)),
  ...EXTRA_COLOURS[theme].map((colour, i) => [theme, `extra ${i}`, colour] as const),
]);

describe('palettes', () => {
  it.each(colours)('%s: %s (%s) has at least 3:1 against the card surface', (theme, _, colour) => {
    expect(contrastRatio(colour, THEME_SURFACES[theme])).toBeGreaterThanOrEqual(MIN_GRAPHIC_CONTRAST);
  });

  it('uses the surfaces the stylesheet defines', () => {
    const css = readFileSync(join(__dirname, '..', 'styles.css'), 'utf8');
    const surfaces = [...css.matchAll(/--surface:\s*(#[0-9a-fA-F]{6})/g)].map((m) => m[1].toUpperCase());
    expect(surfaces).toEqual([THEME_SURFACES.light, THEME_SURFACES.dark]);
  });

  it.each([
    ['black on white', '#000000', '#FFFFFF', 21],
    ['same colour', '#777777', '#777777', 1],
    ['mid grey on white', '#767676', '#FFFFFF', 4.54],
  ])('contrastRatio: %s', (_, a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
  });
});
