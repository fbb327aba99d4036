/**
 * Units of parsing work: characters the loops examine and items they visit. The parsers add to
 * it as they go (once per loop, not per character); nothing in the product reads it. Tests read
 * it to pin linear cost with small constants without a clock (docs/architecture.md, "Tests that
 * never flake"): the same input shape at n and 8n characters must cost about 8 times the units,
 * and few units per character.
 *
 * A Float64Array, not an object property: a counter that outgrows the small-integer range would
 * allocate a new heap number on every addition to a property.
 */
const counter = new Float64Array(1);

export function countWork(units: number): void {
  counter[0] = (counter[0] as number) + units;
}

/** The units counted so far. */
export function workDone(): number {
  return counter[0] as number;
}
