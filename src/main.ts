import cluster from 'node:cluster';
import { runPrimary, workerIndex } from './cluster.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseDamaged } from './db/check-database.js';
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
    // In a cluster, only worker 0 fetches pages, runs imports and takes scheduled backups, and
    // the primary has checked the database file already.
    const index = workerIndex();
    const first = index === undefined || index === 0;
    const running = await startServer(first ? config : { ...config, enrich: false, backupEveryMs: null }, { skipCheck: index !== undefined, runImports: first });
    // Signals often come twice: `npm start` execs node, so a terminal's Ctrl-C (sent to the
    // whole process group) arrives from the terminal and again from npm, which passes on what
    // it gets. A listener stays, so a repeat is ignored rather than killing the process mid-stop
    // (with none, Node's default action would); the stop is bounded by its grace period.
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      running.ctx.logger.info('signal received', { signal });
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  } catch (err) {
    if (err instanceof MigrationError || err instanceof DatabaseDamaged) {
      process.stderr.write(`linkletter: ${err.message}\n`);
      process.exit(1);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`linkletter: could not start: ${message}\n`);
    process.exit(1);
  }
}

await main();
