import pkg from '../../package.json' with { type: 'json' };

/** package.json's version: in the built CLI it is written in at build time. */
export const VERSION: string = pkg.version;
