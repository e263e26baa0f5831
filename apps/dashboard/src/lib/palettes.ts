// Colour-blind-safe palettes, mid-tone so they read on light and dark backgrounds.
// Age grades: Paul Tol's "muted" scheme (9 categories) with his neutral grey for 9999.
// Payment methods: Okabe–Ito (cards in two blues, cash in orange).
// Coffee types: Okabe–Ito's seven hues plus Tol's wine and olive.
import type { StatisticType } from '@coffee/aggregation';

export const PALETTES: Readonly<Record<StatisticType, Readonly<Record<string, string>>>> = {
  CustomerAgeGrades: {
    '0010': '#88CCEE',
    '1020': '#44AA99',
    '2030': '#117733',
    '3040': '#999933',
    '4050': '#DDCC77',
    '5060': '#CC6677',
    '6070': '#882255',
    '7080': '#AA4499',
    '8090': '#332288',
    '9999': '#BBBBBB',
  },
  PaymentMethods: {
    Cash: '#E69F00',
    Credit: '#0072B2',
    Debit: '#56B4E9',
  },
  Orders: {
    Espresso: '#D55E00',
    'Espresso Macchiato': '#E69F00',
    'Espresso con Panna': '#F0E442',
    'Caffe Latte': '#56B4E9',
    'Flat White': '#0072B2',
    'Cafe Breve': '#009E73',
    Cappuccino: '#CC79A7',
    'Caffe Mocha': '#882255',
    Americano: '#999933',
  },
};

/** Colours for categories outside the vocabulary (greys and muted tones, assigned by name). */
export const EXTRA_COLOURS = ['#8C8C8C', '#6F8FAF', '#B07AA1', '#9C755F', '#A0A0A0', '#79706E'];
