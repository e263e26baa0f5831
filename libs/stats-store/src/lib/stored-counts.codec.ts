/**
 * Category → count of one stored hash (an HGETALL reply, as ioredis hands it over: an object, or
 * the raw field/value array), in a null-prototype object: user-named categories such as
 * `__proto__`, `constructor` or `hasOwnProperty` stay ordinary own properties, so they are
 * counted, listed and serialized by `JSON.stringify` like any other category.
 */
export function storedCounts(reply: unknown): Record<string, number> {
  const counts = nullRecord();
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) {
      counts[String(reply[i])] = Number(reply[i + 1]);
    }
  } else if (typeof reply === 'object' && reply !== null) {
    // ioredis defines a `__proto__` field as an own property; Object.keys lists it like the others.
    for (const field of Object.keys(reply)) {
      counts[field] = Number(Reflect.get(reply, field));
    }
  }
  return counts;
}

/** An empty category → count map without a prototype (assigning `__proto__` creates an own property). */
export function nullRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
