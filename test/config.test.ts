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
