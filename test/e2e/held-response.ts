import type { ServerResponse } from 'node:http';

/**
 * A page served the way a slow link serves a big message: the first bytes at once, the rest held
 * back until the test calls release(). Whatever the test observes before release() happened while
 * the response had not ended — the browser was still loading the page.
 */
export interface HeldPage {
  serve(res: ServerResponse): void;
  /** Sends the rest and ends the response. */
  release(): void;
  /** The response has ended. */
  readonly ended: boolean;
}

export function heldPage(html: string, firstBytes: number): HeldPage {
  const data = Buffer.from(html, 'utf8');
  let res: ServerResponse | null = null;
  let released = false;
  let ended = false;
  const finish = (): void => {
    if (res === null || ended) return;
    res.end(data.subarray(firstBytes), () => {
      ended = true;
    });
  };
  return {
    serve(response) {
      res = response;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.write(data.subarray(0, firstBytes));
      if (released) finish();
    },
    release() {
      released = true;
      finish();
    },
    get ended() {
      return ended;
    },
  };
}
