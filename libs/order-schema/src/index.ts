export type { CoffeeOrder } from './lib/coffee-order';
