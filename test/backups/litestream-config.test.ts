import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/processes.js';

/**
 * deploy/litestream.yml, checked by hand against Litestream 0.5 (its config structs in
 * cmd/litestream/main.go, v0.5.16): Litestream cannot run here, and it silently ignores a key
 * it does not know, so a typo would replicate with defaults. The keys below are the yaml tags
 * of those structs (those a file like ours could use).
 */

const KNOWN = {
  top: ['dbs', 'logging', 'snapshot', 'levels', 'validation', 'retention', 'addr', 'socket', 'exec', 'l0-retention', 'l0-retention-check-interval', 'shutdown-sync-timeout', 'shutdown-sync-interval', 'sync-interval', 'access-key-id', 'secret-access-key', 'region', 'endpoint'],
  logging: ['level', 'type', 'stderr', 'source'],
  snapshot: ['interval', 'retention'],
  db: ['path', 'dir', 'pattern', 'recursive', 'watch', 'snapshot', 'meta-path', 'monitor-interval', 'checkpoint-interval', 'busy-timeout', 'min-checkpoint-page-count', 'truncate-page-n', 'max-sync-wal-bytes', 'restore-if-db-not-exists', 'replica'],
  replica: ['type', 'path', 'url', 'sync-interval', 'validation-interval', 'auto-recover', 'access-key-id', 'secret-access-key', 'region', 'bucket', 'endpoint', 'force-path-style', 'skip-verify', 'storage-class'],
};

/** Go's time.ParseDuration, which Litestream's durations go through: no `d` unit. */
const GO_DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/;

const text = readFileSync(path.join(ROOT, 'deploy', 'litestream.yml'), 'utf8');
const config = parse(text) as Record<string, any>;

/** Litestream's expansion (Go's os.Expand): $NAME and ${NAME}, unset ones empty. */
const expand = (s: string, env: Record<string, string>) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => env[a ?? b] ?? '');

describe('deploy/litestream.yml', () => {
  it('names only settings Litestream 0.5 reads, at the level it reads them', () => {
    const unknown = (keys: object, known: string[], where: string) => Object.keys(keys).filter((k) => !known.includes(k)).map((k) => `${where}.${k}`);
    expect([
      ...unknown(config, KNOWN.top, '(top)'),
      ...unknown(config.logging ?? {}, KNOWN.logging, 'logging'),
      ...unknown(config.snapshot ?? {}, KNOWN.snapshot, 'snapshot'),
      ...(config.dbs as object[]).flatMap((db: any, i) => [...unknown(db, KNOWN.db, `dbs[${i}]`), ...unknown(db.replica ?? {}, KNOWN.replica, `dbs[${i}].replica`)]),
    ]).toEqual([]);
  });

  it('replicates DATABASE_PATH to the one replica LITESTREAM_REPLICA_URL names, with durations Go can parse', () => {
    // 0.5 takes one `replica` per database (a `replicas` list is the deprecated 0.3 form).
    expect(config.dbs).toHaveLength(1);
    const [db] = config.dbs;
    expect(db.replicas).toBeUndefined();
    const env = { DATABASE_PATH: '/srv/linkletter/data/linkletter.db', LITESTREAM_REPLICA_URL: 's3://bucket/linkletter?endpoint=https://minio.internal:9000' };
    expect(expand(db.path, env)).toBe(env.DATABASE_PATH);
    expect(expand(db.replica.url, env)).toBe(env.LITESTREAM_REPLICA_URL);
    // Unset, they are empty, and Litestream refuses the file ("must specify either 'path' or 'dir'").
    expect(expand(db.path, {})).toBe('');
    for (const duration of [config.snapshot.interval, config.snapshot.retention, db.replica['sync-interval']]) expect(duration).toMatch(GO_DURATION);
    expect(['json', 'text']).toContain(config.logging.type);
  });
});
