import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { scheduleBackups, type BackupSchedule } from './backups/backup-schedule.js';
import { openCheckedDatabase } from './db/check-database.js';
import { migrateToLatest } from './db/migrate.js';
import { createPageFetcher, type FetchPage, type PageFetcher } from './enrichment/fetch-page.js';
import { createHttpServer } from './http/node-listener.js';
import { problemHttpMessage, protocolProblem } from './http/problem.js';
import { createLogger, type Logger } from './logger.js';

export type RunningServer = {
  port: number;
  ctx: AppContext;
  /**
   * Stops accepting, closes idle keep-alive connections, lets in-flight requests finish (up
   * to graceMs) with `Connection: close`, then closes the database.
   */
  stop(graceMs?: number): Promise<void>;
};

/** Opens and migrates the database, then serves. Shared by `npm start` and `cli serve`. */
export type ServerOptions = {
  clock?: Clock;
  logger?: Logger;
  /** Replaces the real page fetcher (tests inject one with their own resolver). */
  fetchPage?: FetchPage;
  /** Leaves out the start-up `quick_check` (a cluster's workers: the primary ran it). */
  skipCheck?: boolean;
  /** Whether this process runs imports (default yes; with WORKERS, only worker 0 does). */
  runImports?: boolean;
};

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // A damaged file stops start-up here (DatabaseDamaged), before a migration or a request writes to it.
  const { handle, checkMs } = openCheckedDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize, check: !options.skipCheck, checkpointThread: true });
  try {
    if (!options.skipCheck) logger.info('database checked', { check: 'quick_check', durationMs: checkMs });
    const applied = await migrateToLatest(handle);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  } catch (err) {
    await handle.close();
    throw err;
  }
  const clock = options.clock ?? systemClock;
  let fetcher: PageFetcher | undefined;
  if (config.enrich && !options.fetchPage) {
    fetcher = createPageFetcher({ allowPrivate: config.fetchAllowPrivate, timeoutMs: config.fetchTimeoutMs });
  }
  const fetchPage = config.enrich ? (options.fetchPage ?? fetcher!) : undefined;
  const { ctx, worker, importRunner } = await createContext({ db: handle.db, config, clock, logger, fetchPage, checkpointThread: handle.checkpointThread });
  if (config.backupEveryMs !== null) {
    try {
      ctx.backups.prepare(); // an unusable BACKUP_DIR stops start-up, rather than every scheduled backup failing
    } catch (err) {
      await fetcher?.close();
      await handle.close();
      throw err;
    }
  }
  const app = createApp(ctx);

  const server = createHttpServer(app.fetch, { hostname: config.host, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const beginDraining = drainOnStop(server);
  server.on('clientError', answerClientError);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await worker?.start();
  const schedule: BackupSchedule | undefined = config.backupEveryMs === null ? undefined : scheduleBackups(ctx.backups, config.backupEveryMs, { clock, logger });
  if (options.runImports !== false) await importRunner.start();
  logger.info('listening', { url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`, database: config.databasePath });

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      beginDraining();
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn('in-flight requests did not finish in time; closing them');
          server.closeAllConnections();
          resolve();
        }, graceMs);
        force.unref();
        // Stops listening and (Node >= 19) closes the keep-alive connections that are idle now;
        // calls back once the last busy one has closed after its response.
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
      schedule?.stop();
      await ctx.backups.close();
      await importRunner.stop();
      await worker?.stop();
      await fetcher?.close();
      await handle.close();
      logger.info('stopped');
    })());

  return { port, ctx, stop };
}

/**
 * server.close() stops accepting connections and closes the idle ones, but a connection busy
 * at that moment stays keep-alive after its response and serves whatever its client sends
 * next, until the grace period runs out (a probe counted 17,122 such requests in 10 s, then
 * 12 resets). So from the moment stop() begins, every response not yet started is the last on
 * its connection: `shouldKeepAlive = false` makes Node write `Connection: close` and close the
 * socket once the response is written, so well-behaved clients send nothing more on it, and
 * close() calls back as soon as the requests in flight are done. A response whose headers
 * were already out keeps its keep-alive header; its socket is closed once it is written.
 * (A pipelined request queued behind such a response is then not answered: it was not
 * in flight, and pipelining is rare.)
 */
function drainOnStop(server: Server): () => void {
  let draining = false;
  const unfinished = new Set<ServerResponse>();
  // Before @hono/node-server's listener, so the flag is set before the app can answer.
  server.prependListener('request', (_req, res) => {
    if (draining) {
      res.shouldKeepAlive = false;
      return;
    }
    unfinished.add(res);
    const done = () => unfinished.delete(res);
    res.once('finish', done).once('close', done);
  });
  return () => {
    draining = true;
    for (const res of unfinished) {
      if (!res.headersSent) {
        res.shouldKeepAlive = false;
      } else {
        const socket = res.socket;
        res.once('finish', () => socket?.destroySoon());
      }
    }
    unfinished.clear();
  };
}

/** Sockets already answered: the parser keeps failing on whatever the client sends after the error. */
const answeredSockets = new WeakSet<Duplex>();
/** How long a refused client gets to read the answer and close before the socket is destroyed. */
const LINGER_MS = 2_000;

/**
 * Requests Node's parser refuses (a 20 KB header, an unknown method, a request line that is not
 * HTTP, a broken chunked body, a request that took too long) never reach the app, and Node's
 * own answer is a bare status line. Here they get problem+json like every other error, written
 * by hand as there is no response object; only if nothing of a response has gone out on the
 * socket yet (the client would read ours as part of it), and Node's parser cannot go on, so
 * the connection ends. It is ended rather than destroyed: destroying it while the client's
 * request is still arriving would reset the connection, and the client could lose the answer.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (answeredSockets.has(socket)) return;
  const problem = protocolProblem(err);
  // Node's own handler checks the same (internal) field: the response being written, if any.
  const pending = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!problem || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  answeredSockets.add(socket);
  socket.end(problemHttpMessage(problem));
  const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(linger));
}
