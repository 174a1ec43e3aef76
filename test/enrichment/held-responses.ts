import type http from 'node:http';
import { sendPage } from './helpers.js';

/**
 * A page server handler that tells the test when each request ARRIVES and holds its response
 * until the test releases it. A test can so know that a fetch is in flight, and decide when
 * it finishes, without sleeping and hoping.
 */

export type HeldRequest = {
  /** `host/path`, the host without its port: `a.test/1`, `127.0.0.1/old`. */
  key: string;
  host: string;
  path: string;
  /** Keys of the requests that were held (arrived, not released) when this one arrived, itself not included. */
  heldAtArrival: string[];
  released: boolean;
  /** Lets the response go. */
  release(): void;
  /** Resolves once the response has been handed to the network in full. */
  sent: Promise<void>;
};

export type HeldResponses = {
  handler: http.RequestListener;
  /** Every request so far, in the order they arrived. */
  arrived: HeldRequest[];
  /** What happened, in order: `arrive a.test/0`, `release a.test/0`, … */
  events: string[];
  /** Resolves with the `n`th request (1-based) once it has arrived. */
  arrival(n: number): Promise<HeldRequest>;
  /** The request with this key; throws when there is none. */
  get(key: string): HeldRequest;
};

export function holdResponses(page: (req: http.IncomingMessage) => string = () => '<title>t</title>'): HeldResponses {
  const arrived: HeldRequest[] = [];
  const events: string[] = [];
  const waiting: { n: number; resolve: (r: HeldRequest) => void }[] = [];

  const handler: http.RequestListener = (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const key = `${host}${req.url}`;
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    const held: HeldRequest = {
      key,
      host,
      path: req.url ?? '',
      heldAtArrival: arrived.filter((r) => !r.released).map((r) => r.key),
      released: false,
      release() {
        if (held.released) throw new Error(`${key} was released already`);
        held.released = true;
        events.push(`release ${key}`);
        letGo();
      },
      sent: new Promise<void>((resolve) => res.once('finish', resolve)),
    };
    arrived.push(held);
    events.push(`arrive ${key}`);
    for (const w of waiting.filter((w) => w.n === arrived.length)) w.resolve(held);
    void gate.then(() => sendPage(page(req))(req, res));
  };

  return {
    handler,
    arrived,
    events,
    arrival: (n) =>
      new Promise<HeldRequest>((resolve) => {
        const already = arrived[n - 1];
        if (already) resolve(already);
        else waiting.push({ n, resolve });
      }),
    get(key) {
      const found = arrived.find((r) => r.key === key);
      if (!found) throw new Error(`no request for ${key}; arrived: ${arrived.map((r) => r.key).join(', ')}`);
      return found;
    },
  };
}
