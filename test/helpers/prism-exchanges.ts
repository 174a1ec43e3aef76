import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { parse } from 'yaml';
import { contractViolations } from './contract.js';
import { ROOT } from './processes.js';
import { violationsOf, type Violation } from './prism-proxy.js';

/**
 * A connection per request: Prism closes idle keep-alive connections on its own schedule, and
 * a request sent on one it has just closed fails with "other side closed" (seen under load).
 */
const FRESH_CONNECTIONS = new Agent({ pipelining: 0 });

/**
 * Requests sent through Prism, each recorded with the operation of openapi.yaml it reached,
 * the status it got against the one it was meant to get, and what Prism found wrong with the
 * request and the response. The test reads the record: no violations, the expected statuses,
 * and every operation's declared statuses reached.
 */

type Operation = { operationId: string; security?: unknown[]; requestBody?: { content?: Record<string, unknown> }; responses: Record<string, unknown> };
const doc = parse(readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, Operation>> };

/** An empty security requirement: no credentials at all satisfies it. */
const isAnonymous = (requirement: unknown) => typeof requirement === 'object' && requirement !== null && Object.keys(requirement).length === 0;

/** Every operation of openapi.yaml: its id, method, path template and declared statuses. */
export const OPERATIONS = Object.entries(doc.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([, op]) => typeof op === 'object' && op !== null && 'operationId' in op)
    .map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase(),
      template,
      /** A token is needed: some security requirement, and none of them empty. */
      guarded: (op.security ?? [{}]).length > 0 && !(op.security ?? []).some(isAnonymous),
      /** A token may be sent (and must then be valid), or none (`security: [{}, { bearerAuth: [] }]`). */
      tokenOptional: (op.security ?? []).some(isAnonymous) && (op.security ?? []).some((r) => !isAnonymous(r)),
      takesBody: op.requestBody !== undefined,
      takesJson: op.requestBody?.content?.['application/json'] !== undefined,
      statuses: Object.keys(op.responses),
    })),
);

// Literal segments win over parameters, as in Prism's router (`/v1/issues/1/check` is not `{number}`).
const matchers = OPERATIONS.map((op) => ({
  op,
  params: (op.template.match(/\{/g) ?? []).length,
  regex: new RegExp(`^${op.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
})).sort((a, b) => a.params - b.params);

export function operationFor(method: string, pathname: string) {
  return matchers.find((m) => m.op.method === method && m.regex.test(pathname))?.op;
}

export type Exchange = {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  expected: number;
  /** The request is meant to break the contract (a 400, 401, 413, 415 or 422 on purpose): Prism's findings about it are expected. */
  invalid: boolean;
  /** Why the request went straight to the server rather than through Prism (checked with test/helpers/contract.ts instead). */
  direct?: string;
  violations: Violation[];
};

export type SendOptions = {
  /** A bearer secret; null sends no Authorization header. The default is the one set with useToken. */
  token?: string | null;
  json?: unknown;
  /** A body sent as is, with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  expect: number;
  invalid?: boolean;
  direct?: string;
};

export type Client = ReturnType<typeof createClient>;

export function createClient(addresses: { proxy: string; server: string }) {
  const exchanges: Exchange[] = [];
  const state = { token: null as string | null };
  async function send(method: string, target: string, options: SendOptions) {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? state.token : options.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      body = options.raw ?? JSON.stringify(options.json);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    const base = options.direct ? addresses.server : addresses.proxy;
    const res = (await undiciFetch(`${base}${target}`, { method, headers, body, redirect: 'manual', dispatcher: FRESH_CONNECTIONS })) as unknown as Response;
    const pathname = new URL(target, 'http://x').pathname;
    const violations = options.direct
      ? (await contractViolations(method, target, res)).map((message) => ({ location: ['response'], severity: 'Error', message }))
      : violationsOf(res);
    exchanges.push({
      method,
      path: target,
      operationId: operationFor(method, pathname)?.operationId,
      status: res.status,
      expected: options.expect,
      invalid: options.invalid ?? false,
      ...(options.direct ? { direct: options.direct } : {}),
      violations,
    });
    return res;
  }
  return {
    exchanges,
    send,
    /** The token of requests that name none. */
    useToken: (token: string) => {
      state.token = token;
    },
    /** Sends and reads the JSON body (for ids, secrets and ETags the next requests need). */
    json: async (method: string, target: string, options: SendOptions): Promise<any> => {
      const res = await send(method, target, options);
      return res.status === 204 ? null : res.json();
    },
  };
}

/** One line per finding: what the test prints when it fails. */
export function describeViolations(exchanges: Exchange[], isAllowed: (e: Exchange, v: Violation) => boolean): string[] {
  return exchanges.flatMap((e) =>
    e.violations
      .filter((v) => !(e.invalid && v.location[0] === 'request'))
      .filter((v) => !isAllowed(e, v))
      .map((v) => `${e.method} ${e.path} → ${e.status} (${e.operationId ?? 'no operation'}): ${v.location.join('.')} ${v.message}`),
  );
}

/**
 * Requests sent to break the contract that Prism found nothing wrong with: the label is wrong
 * (the document allows the request, and only the server refuses it), so drop it.
 */
export function unflaggedInvalid(exchanges: Exchange[]): string[] {
  return exchanges
    .filter((e) => e.invalid && !e.direct && !e.violations.some((v) => v.location[0] === 'request'))
    .map((e) => `${e.method} ${e.path} → ${e.status}`);
}

/** Requests that did not get the status they were sent for. */
export function unexpectedStatuses(exchanges: Exchange[]): string[] {
  return exchanges.filter((e) => e.status !== e.expected).map((e) => `${e.method} ${e.path}: ${e.status}, expected ${e.expected}`);
}

/** `operationId status` for each declared status no request reached (with the status it was sent for). */
export function uncovered(exchanges: Exchange[], exempt: ReadonlySet<string>): string[] {
  const reached = new Set(exchanges.filter((e) => e.status === e.expected).map((e) => `${e.operationId} ${e.status}`));
  return OPERATIONS.flatMap((op) => op.statuses.map((s) => `${op.operationId} ${s}`)).filter((k) => !reached.has(k) && !exempt.has(k));
}
