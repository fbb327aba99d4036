/** The types tldts ships for its trie data (dist/types), for the path make-psl.ts imports. */
declare module 'tldts/dist/es6/src/data/trie.js' {
  export * from 'tldts/dist/types/src/data/trie';
}
