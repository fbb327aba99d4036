/**
 * The two web-platform globals the core relies on. Node 20, service workers, extension pages and
 * content scripts all provide them; declaring them here (instead of pulling in the DOM or Node
 * type libraries) keeps everything else in those libraries out of the core's reach.
 */

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: Uint8Array): string;
}

declare class URL {
  constructor(url: string, base?: string);
  readonly hostname: string;
}
