/**
 * The web-platform globals the core relies on. Node 20, service workers, extension pages and
 * content scripts all provide them; declaring them here (instead of pulling in the DOM or Node
 * type libraries) keeps everything else in those libraries out of the core's reach. Timers and
 * AbortController bound DNS queries; the network itself is always a function passed in.
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

interface AbortSignal {
  readonly aborted: boolean;
}

declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;
