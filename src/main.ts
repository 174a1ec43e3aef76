import cluster from 'node:cluster';
import { runPrimary, workerIndex } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { MigrationError } from './db/migrate.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/** `npm start`: config → database → migrations → serve (one process, or WORKERS of them); SIGTERM/SIGINT stop cleanly. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`linkletter: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  try {
    if (config.workers > 1 && cluster.isPrimary) {
      await runPrimary(config, createLogger(config.logLevel));
      return;
    }
    // In a cluster, only worker 0 fetches pages.
    const index = workerIndex();
    const running = await startServer(index === undefined || index === 0 ? config : { ...config, enrich: false });
    const onSignal = (signal: NodeJS.Signals) => {
      running.ctx.logger.info('signal received', { signal });
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  } catch (err) {
    if (err instanceof MigrationError) {
      process.stderr.write(`linkletter: ${err.message}\n`);
      process.exit(1);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`linkletter: could not start: ${message}\n`);
    process.exit(1);
  }
}

await main();
