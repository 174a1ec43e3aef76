import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.repository.js';
import { testConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { cli, spawnMain, tempDirPerTest } from './helpers/processes.js';
import { rawConnect, type RawConnection } from './helpers/raw-http.js';

/**
 * Stopping under keep-alive load (src/server.ts, and src/main.ts / src/cluster.ts on SIGTERM):
 * once stop() begins, kept-alive connections serve no new request, idle ones are closed at
 * once, requests in flight finish (with `Connection: close`), and then it is over at once,
 * not at the end of the grace period or of Node's keep-alive timeout.
 */

const dir = tempDirPerTest();
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop(1_000)));
});

const GET_HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** A keep-alive connection that has served one request and now waits, idle. */
async function idleConnection(port: number): Promise<RawConnection> {
  const conn = await rawConnect(port);
  conn.send(GET_HEALTHZ);
  const res = await conn.next();
  expect(res?.status).toBe(200);
  expect(res?.headers.connection ?? 'keep-alive').toBe('keep-alive');
  return conn;
}

/**
 * A POST /v1/links in flight on a keep-alive connection: the server has its headers (it
 * answered `Expect: 100-continue`, which Node does as it hands the request to the app) and half
 * of its body; `finish()` sends the rest.
 */
async function slowPost(port: number, secret: string, url: string) {
  const conn = await rawConnect(port);
  const body = JSON.stringify({ url });
  const half = Math.floor(body.length / 2);
  conn.send(
    'POST /v1/links HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Authorization: Bearer ${secret}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  expect((await conn.next())?.status).toBe(100);
  conn.send(body.slice(0, half));
  return { conn, finish: () => conn.send(body.slice(half)) };
}

type Outcome = { sentAfterStop: boolean; status?: number; error?: string };

/** Keep-alive clients, each sending GET /healthz one after another, until one sent after stop fails. */
function startLoad(port: number, clients: number, isStopping: () => boolean) {
  const outcomes: Outcome[] = [];
  let reached: (() => void) | undefined;
  let target = Infinity;
  const get = (agent: http.Agent) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const loop = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (;;) {
        const sentAfterStop = isStopping();
        try {
          outcomes.push({ sentAfterStop, status: await get(agent) });
          if (outcomes.length >= target) reached?.();
        } catch (err) {
          outcomes.push({ sentAfterStop, error: (err as NodeJS.ErrnoException).code ?? String(err) });
          if (sentAfterStop) return;
        }
        // Failsafe for a server that keeps answering (the bug): the test has failed by now.
        if (outcomes.filter((o) => o.sentAfterStop && o.status !== undefined).length > 100) return;
      }
    } finally {
      agent.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: clients }, loop));
  return {
    outcomes,
    done,
    /** Resolves once this many responses have come in, so the load is really running. */
    served: (count: number) =>
      new Promise<void>((resolve) => {
        target = count;
        reached = resolve;
        if (outcomes.length >= count) resolve();
      }),
  };
}

describe('stopping under keep-alive load', () => {
  it('closes idle connections, serves nothing new on busy ones, finishes the request in flight, then stops at once', async () => {
    const running = await startServer(testConfig({ port: 0, databasePath: path.join(dir(), 'drain.db') }), { logger: silentLogger });
    servers.push(running);
    const { port } = running;
    const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'drain', role: 'editor', now: new Date() }));

    const idle = await Promise.all([1, 2, 3].map(() => idleConnection(port)));
    let stopping = false;
    const load = startLoad(port, 4, () => stopping);
    await load.served(200);
    const post = await slowPost(port, secret, 'https://example.com/in-flight');

    stopping = true;
    let stoppedAt: number | undefined;
    const stopped = running.stop(10_000).then(() => (stoppedAt = performance.now()));

    // Idle keep-alive connections are closed without a word.
    for (const conn of idle) expect(await conn.next()).toBeNull();
    await load.done;
    const afterStop = load.outcomes.filter((o) => o.sentAfterStop);
    expect(afterStop.length, 'every client tried again after stop()').toBeGreaterThanOrEqual(4);
    expect(afterStop.filter((o) => o.status !== undefined), 'requests sent after stop() that were answered').toEqual([]);
    expect(load.outcomes.filter((o) => !o.sentAfterStop && o.status !== undefined && o.status !== 200)).toEqual([]);
    expect(stoppedAt, 'stop() returned while a request was in flight').toBeUndefined();

    // The request in flight is served in full, says it is the last on its connection, and a
    // client that sends another one anyway gets the connection closed, not an answer.
    post.finish();
    const res = await post.conn.next();
    const answeredAt = performance.now();
    expect(res?.status, res?.body).toBe(201);
    expect(JSON.parse(res!.body).url).toBe('https://example.com/in-flight');
    expect(res?.headers.connection).toBe('close');
    post.conn.send(GET_HEALTHZ);
    expect(await post.conn.next()).toBeNull();

    await stopped;
    expect(stoppedAt! - answeredAt, 'ms from the last response to the end of stop()').toBeLessThan(1_000);
  });

  it('answers a request whose headers were in when stop() began with Connection: close', async () => {
    const running = await startServer(testConfig({ port: 0, databasePath: path.join(dir(), 'close.db') }), { logger: silentLogger });
    servers.push(running);
    const { secret } = await running.ctx.transact((trx) => createToken(trx, { name: 'close', role: 'editor', now: new Date() }));
    const posts = await Promise.all([1, 2].map((i) => slowPost(running.port, secret, `https://example.com/p${i}`)));
    const stopped = running.stop(10_000);
    for (const post of posts) {
      post.finish();
      const res = await post.conn.next();
      expect(res?.status, res?.body).toBe(201);
      expect(res?.headers.connection).toBe('close');
      await post.conn.closed; // the server closes it, without the client's help
    }
    await stopped;
  });
});

describe('npm start on SIGTERM under keep-alive', () => {
  for (const workers of [1, 2]) {
    it(`WORKERS=${workers}: closes idle connections, finishes the request in flight, then exits 0 within a second`, async () => {
      const databasePath = path.join(dir(), `sigterm-${workers}.db`);
      const main = spawnMain({ WORKERS: String(workers), PORT: '0', DATABASE_PATH: databasePath, ENRICH: 'off' });
      try {
        await main.waitFor(/"msg":"listening"/, workers);
        const port = Number(/"msg":"listening","url":"http:\/\/[^"]+:(\d+)"/.exec(main.output())![1]);
        const secret = cli(databasePath, ['token', 'create', '--name', 'sigterm', '--role', 'editor']).stdout.trim();

        // Several connections, so that with two workers each has some (Node's cluster deals
        // connections out in turn): idle ones, and one with a POST half sent.
        const idle = await Promise.all([1, 2, 3, 4].map(() => idleConnection(port)));
        // The server is in another process here, so the signal lands while requests are
        // anywhere on their way: read, being answered, written.
        let stopping = false;
        const load = startLoad(port, 4, () => stopping);
        await load.served(300);
        const post = await slowPost(port, secret, 'https://example.com/sigterm');

        main.child.kill('SIGTERM');
        // Requests sent between the signal and this line are not judged: they may have been
        // read before the server knew. Those sent after it must not be answered.
        await main.waitFor(/"msg":"shutting down"/, workers);
        stopping = true;
        for (const conn of idle) expect(await conn.next()).toBeNull();

        post.finish();
        const res = await post.conn.next();
        const answeredAt = performance.now();
        expect(res?.status, res?.body).toBe(201);
        expect(res?.headers.connection).toBe('close');
        post.conn.send(GET_HEALTHZ);
        expect(await post.conn.next()).toBeNull();

        const code = await main.exited;
        expect(performance.now() - answeredAt, 'ms from the last response to the exit').toBeLessThan(1_000);
        expect(code, main.output()).toBe(0);

        // Awaited only now: with WORKERS, a connection the primary accepts as the workers stop
        // can be left in its queue (Node's round-robin hands it back when a worker refuses it),
        // unanswered until the primary exits and it is reset.
        await load.done;
        const afterStop = load.outcomes.filter((o) => o.sentAfterStop);
        expect(afterStop.length, 'every client tried again after the signal').toBeGreaterThanOrEqual(4);
        expect(afterStop.filter((o) => o.status !== undefined), 'requests sent after the signal that were answered').toEqual([]);
      } finally {
        if (main.child.exitCode === null) main.child.kill('SIGKILL');
      }
    });
  }
});
