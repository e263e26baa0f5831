// Colour-blind-safe palettes, one per theme, each colour at least 3:1 against its theme's card surface
// (WCAG 2.x AA for graphical objects, 1.4.11; tested in palettes.spec.ts).
// Age grades: Paul Tol's "muted" scheme (9 categories) with his neutral grey for 9999.
// Payment methods: Okabe–Ito (cards in two blues, cash in orange).
// Coffee types: Okabe–Ito's seven hues plus Tol's wine and olive.
// Cups per order: the age grades' muted scheme in the same order, grey for 10+.
// The light theme darkens the pale ones (0–10, 40–50, yellow), the dark theme lightens the deep ones (80–90, wine)
// toward the surface's opposite just enough to pass.
import type { StatisticType } from '@coffee/aggregation';

export type Theme = 'light' | 'dark';

/** Card surface of each theme (`--surface` in styles.css): what the colours are drawn on. */
export const THEME_SURFACES: Readonly<Record<Theme, string>> = { light: '#FFFFFF', dark: '#161A1F' };

/** Least contrast of a category colour against its theme's surface. */
export const MIN_GRAPHIC_CONTRAST = 3;

export const PALETTES: Readonly<Record<Theme, Readonly<Record<StatisticType, Readonly<Record<string, string>>>>>> = {
  light: {
    CustomerAgeGrades: {
      '0010': '#6699B3',
      '1020': '#40A090',
      '2030': '#117733',
      '3040': '#969632',
      '4050': '#9D9154',
      '5060': '#CC6677',
      '6070': '#882255',
      '7080': '#AA4499',
      '8090': '#332288',
      '9999': '#929292',
    },
    PaymentMethods: { Cash: '#C18600', Credit: '#0072B2', Debit: '#4999C6' },
    Orders: {
      Espresso: '#D55E00',
      'Espresso Macchiato': '#C18600',
      'Espresso con Panna': '#9C942B',
      'Caffe Latte': '#4999C6',
      'Flat White': '#0072B2',
      'Cafe Breve': '#009E73',
      Cappuccino: '#CA78A5',
      'Caffe Mocha': '#882255',
      Americano: '#6E6E1F',
    },
    OrderSizes: {
      '1': '#6699B3',
      '2': '#40A090',
      '3': '#117733',
      '4': '#969632',
      '5': '#9D9154',
      '6': '#CC6677',
      '7': '#882255',
      '8': '#AA4499',
      '9': '#332288',
      '10+': '#929292',
    },
  },
  dark: {
    CustomerAgeGrades: {
      '0010': '#88CCEE',
      '1020': '#44AA99',
      '2030': '#1C8A42',
      '3040': '#999933',
      '4050': '#DDCC77',
      '5060': '#CC6677',
      '6070': '#B0578A',
      '7080': '#AA4499',
      '8090': '#7B6FD0',
      '9999': '#BBBBBB',
    },
    PaymentMethods: { Cash: '#E69F00', Credit: '#1D8BD1', Debit: '#56B4E9' },
    Orders: {
      Espresso: '#D55E00',
      'Espresso Macchiato': '#E69F00',
      'Espresso con Panna': '#F0E442',
      'Caffe Latte': '#56B4E9',
      'Flat White': '#1D8BD1',
      'Cafe Breve': '#009E73',
      Cappuccino: '#CC79A7',
      'Caffe Mocha': '#B0578A',
      Americano: '#999933',
    },
    OrderSizes: {
      '1': '#88CCEE',
      '2': '#44AA99',
      '3': '#1C8A42',
      '4': '#999933',
      '5': '#DDCC77',
      '6': '#CC6677',
      '7': '#B0578A',
      '8': '#AA4499',
      '9': '#7B6FD0',
      '10+': '#BBBBBB',
    },
  },
};

/** Colours for categories outside the vocabulary (greys and muted tones, assigned by name). */
export const EXTRA_COLOURS: Readonly<Record<Theme, readonly string[]>> = {
  light: ['#8C8C8C', '#6F8FAF', '#B07AA1', '#9C755F', '#929292', '#79706E'],
  dark: ['#8C8C8C', '#7D9BBA', '#B07AA1', '#A98266', '#A0A0A0', '#8E8482'],
};
