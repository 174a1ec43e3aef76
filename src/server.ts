import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { openDatabase, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createPageFetcher, type FetchPage, type PageFetcher } from './enrichment/fetch-page.js';
import { createLogger, type Logger } from './logger.js';

export type RunningServer = {
  port: number;
  ctx: AppContext;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes the database. */
  stop(graceMs?: number): Promise<void>;
};

/** Opens and migrates the database, then serves. Shared by `npm start` and `cli serve`. */
export type ServerOptions = {
  clock?: Clock;
  logger?: Logger;
  /** Replaces the real page fetcher (tests inject one with their own resolver). */
  fetchPage?: FetchPage;
};

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const handle: DbHandle = openDatabase(config.databasePath, { mmapSize: config.sqliteMmapSize });
  try {
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
  const { ctx, worker } = await createContext({ db: handle.db, config, clock, logger, fetchPage });
  const app = createApp(ctx);

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await worker?.start();
  logger.info('listening', { url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`, database: config.databasePath });

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn('in-flight requests did not finish in time; closing them');
          if ('closeAllConnections' in server) server.closeAllConnections();
          resolve();
        }, graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive sockets with no request in flight would hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await worker?.stop();
      await fetcher?.close();
      await handle.close();
      logger.info('stopped');
    })());

  return { port, ctx, stop };
}
