import type { Context } from 'hono';
import type { Reader } from '../db/database.js';
import { NotFound } from '../http/problem.js';
import { jsonText } from '../http/responses.js';
import type { AppEnv } from '../http/router.js';
import type { LinkJson } from './links.schemas.js';
import { findLinkById, findLinkJsonById, linkExists } from './links.repository.js';

// How the link routes reach a link: 404 when there is none.

export const linkLocation = (id: number) => `/v1/links/${id}`;

export async function loadLink(db: Reader, id: number) {
  const link = await findLinkById(db, id);
  if (!link) throw new NotFound(`There is no link ${id}.`);
  return link;
}

/** A response with the link's kept JSON, sent as it is stored (no parse and re-serialise). */
export async function sendLink<S extends 200 | 201 | 202>(c: Context<AppEnv>, db: Reader, id: number, status: S) {
  const json = await findLinkJsonById(db, id);
  if (json === undefined) throw new NotFound(`There is no link ${id}.`);
  return jsonText<LinkJson, S>(c, json, status);
}

export async function requireLink(db: Reader, id: number): Promise<void> {
  if (!(await linkExists(db, id))) throw new NotFound(`There is no link ${id}.`);
}
