import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { runMain } from './helpers/processes.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ port: 8787, host: '127.0.0.1', databasePath: './data/linkletter.db', logLevel: 'info', sqliteMmapSize: 134217728, corsOrigins: [] });
  });

  it('fails with one readable line naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CORS_ORIGINS: 'not-a-url' });
    } catch (err) {
      error = err;
    }
    // Outside the catch, so the test fails when nothing is thrown.
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/PORT="eighty"/);
    expect(message).toMatch(/LOG_LEVEL="loud"/);
    expect(message).toMatch(/CORS_ORIGINS/);
  });

  it('reads the backup settings: no schedule and 7 kept by default, durations of one number and one unit', () => {
    expect(loadConfig({})).toMatchObject({ backupDir: null, backupKeep: 7, backupEveryMs: null });
    expect(loadConfig({ BACKUP_DIR: '/var/backups/ll', BACKUP_KEEP: '30', BACKUP_EVERY: '24h' })).toMatchObject({ backupDir: '/var/backups/ll', backupKeep: 30, backupEveryMs: 86_400_000 });
    const every = (value: string) => loadConfig({ BACKUP_EVERY: value }).backupEveryMs;
    expect([every('30m'), every('90s'), every('7d'), every('off')]).toEqual([1_800_000, 90_000, 604_800_000, null]);
    for (const bad of ['24', '1h30m', '1.5h', '0m', '30s', '-1h', ' 24h', '24H', '24 h', 'daily', '366d']) {
      expect(() => loadConfig({ BACKUP_EVERY: bad }), bad).toThrow(/^invalid configuration: BACKUP_EVERY="[^"]*": expected off or a duration/);
    }
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP="0"/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('stops start-up with a one-line error and exit 1 for a bad value', () => {
    const result = runMain({ PORT: '-3' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^linkletter: invalid configuration: PORT="-3"/);
  });
});
