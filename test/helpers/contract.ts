import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Checks a response against openapi.yaml the way a validating proxy in front of the server
 * would: the status is declared for the operation, the content type is declared for that
 * status, and a JSON body matches its schema. Every request the tests send through
 * createTestApp().request() is checked, so the document cannot drift from what the code does.
 */

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Doc = { paths: Record<string, Record<string, Operation>> };

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const doc = parse(readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as Doc;

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(doc as object, 'oas');

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Path templates as regexes, literal ones first (`/v1/links/{id}` never shadows a fixed path). */
const templates = Object.keys(doc.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const validators = new Map<string, ReturnType<Ajv2020['compile']>>();
function validatorFor(pointer: string) {
  let v = validators.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `oas#${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json$/;

/** What about this response the document does not allow; empty when it conforms (or the route is not documented). */
export async function contractViolations(method: string, url: string, res: Response): Promise<string[]> {
  const pathname = new URL(url, 'http://x').pathname;
  const match = templates.find((t) => t.regex.test(pathname));
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const operation = match && doc.paths[match.template]?.[verb];
  // Unknown routes and methods (404 and 405 from the router) and /docs are not operations.
  if (!match || !operation) return [];
  // A 5xx is a bug, not part of the contract: the tests that provoke one check its body themselves.
  if (res.status >= 500) return [];
  const where = `${method} ${match.template} → ${res.status}`;
  const responses = operation.responses ?? {};
  const declared = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`] ?? responses.default;
  if (!declared) return [`${where}: status not declared (declared: ${Object.keys(responses).join(', ')})`];
  // app.request() hands back the bytes as sent: a gzipped feed is gunzipped here, as a client would.
  const bytes = Buffer.from(await res.clone().arrayBuffer());
  const body = (res.headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
  if (body === '' || method.toLowerCase() === 'head') return [];
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const content = declared.content ?? {};
  if (!(type in content)) return [`${where}: content type ${type || '(none)'} not declared (declared: ${Object.keys(content).join(', ') || 'no content'})`];
  if (!JSON_TYPE.test(type)) return [];
  const statusKey = responses[String(res.status)] ? String(res.status) : responses[`${String(res.status)[0]}XX`] ? `${String(res.status)[0]}XX` : 'default';
  const pointer = `/paths/${escapePointer(match.template)}/${verb}/responses/${statusKey}/content/${escapePointer(type)}/schema`;
  const validate = validatorFor(pointer);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [`${where}: body is not JSON`];
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${where}: body ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
