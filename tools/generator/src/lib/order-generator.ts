import { AGE_GRADES, BRANCHES, COFFEE_NAMES, PAYMENT_METHODS, type CoffeeOrder } from '@coffee/order-schema';
import type { Prng } from './prng';

/** Most coffees in one generated order, as in the original generator. */
export const MAX_COFFEES_PER_ORDER = 10;

/**
 * Draws random orders like the original Python generator: branch uniform from the 4 sample
 * branches, 1–10 coffees each uniform from the 9, payment method and age grade uniform.
 * Draws come only from the given PRNG, in a fixed order, so a seed fixes the whole sequence.
 */
export class OrderGenerator {
  constructor(private readonly prng: Prng) {}

  /** Next order, without timestamp or id. */
  next(): CoffeeOrder {
    const branch = this.prng.pick(BRANCHES);
    const cups = 1 + this.prng.nextInt(MAX_COFFEES_PER_ORDER);
    const orders = new Array<string>(cups);
    for (let i = 0; i < cups; i++) {
      orders[i] = this.prng.pick(COFFEE_NAMES);
    }
    return { branch, orders, paymentMethod: this.prng.pick(PAYMENT_METHODS), customerAgeGrade: this.prng.pick(AGE_GRADES) };
  }
}
