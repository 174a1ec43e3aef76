import { redactSecrets } from './auth/token-secret.js';

/** One JSON object per line on stdout/stderr, with the pid (WORKERS may run several); small on purpose (no dependency needed). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) =>
    rank[lvl] < rank[level]
      ? () => {}
      : (msg: string, fields?: Record<string, unknown>) =>
          // A token secret never reaches the log, whichever field (a path, an error message) carried it.
          write(`${redactSecrets(JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...fields, pid: process.pid }))}\n`);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent');
