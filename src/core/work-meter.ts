/**
 * Units of parsing work: characters the loops examine and items they visit. The parsers add to
 * it as they go; nothing in the product reads it. Tests read it to pin linear cost with small
 * constants without a clock (docs/architecture.md, "Tests that never flake"): the same input
 * shape at n and 8n characters must cost about 8 times the units, and few units per character.
 * A plain counter costs one addition per loop exit, not per character.
 */
export const work = { units: 0 };
