import { buildExtension } from './build.ts';

/** One build for all extension tests, so every file loads the same current dist/. */
export default function setup(): void {
  buildExtension('chrome');
  buildExtension('firefox');
}
