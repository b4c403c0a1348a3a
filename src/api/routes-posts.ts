// /v1/posts: the ranked list, one post with everything known about it, and feedback on it.

import { brandExists } from '../store/admin.ts';
import { addFeedback, listFeedback } from '../store/feedback.ts';
import type { Db } from '../store/open.ts';
import { getPost, listPosts } from '../store/read.ts';
import { listNotes, workflowOf } from '../store/workflow.ts';
import { allowedBrands, canSeeBrand, forbidden, type Principal } from './auth.ts';
import { presentDetail, presentSummary } from './present.ts';
import { Problem } from './problem.ts';
import { postsQuerySchema, toPostQuery } from './query.ts';
import { Feedback, PostDetail, PostPage } from './responses.ts';
import { type Router, route } from './route.ts';
import { visibleSearch, withSavedSearch } from './routes-searches.ts';
import { feedbackBody, idParam } from './schemas.ts';

const notFound = (id: string) =>
  new Problem(404, `no post with id "${id}"`, undefined, 'post-not-found');

/** The post, if it exists and the principal may see it: a post none of whose brands the key may see is a 404. */
export function visiblePost(db: Db, id: string, p: Principal) {
  const allowed = allowedBrands(p);
  // Its syndicated copies are filtered the same way: a copy the key may not open is not listed.
  const post = /^[0-9a-f]{16}$/.test(id) ? getPost(db, id, { brands: allowed }) : null;
  if (!post) throw notFound(id);
  if (allowed && !post.brands.some((b) => allowed.includes(b.id))) throw notFound(id);
  return post;
}

/**
 * A feedback target is a watched brand the key may see. Out of scope comes first, whether the
 * brand exists or not, so that a scoped key cannot probe which brands are watched.
 */
function checkTarget(db: Db, p: Principal, target: string): void {
  if (!canSeeBrand(p, target)) {
    const message = `this key may not see brand "${target}"`;
    throw new Problem(403, message, [{ field: 'target', message }], 'forbidden');
  }
  if (!brandExists(db, target)) {
    const message = `"${target}" is not a watched brand`;
    throw new Problem(400, `invalid field: target`, [{ field: 'target', message }], 'invalid-body');
  }
}

export function postRoutes(r: Router, db: Db, now: () => Date): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/posts',
      tag: 'posts',
      access: 'read',
      summary: 'Posts ranked by priority (or severity, reach, date), filtered, keyset-paginated',
      description:
        'Each item carries severity, reach and priority with their components and reasons. Page with nextCursor. q is the search language (docs/api.md, "Search"); its full-text part considers the 5,000 most recent matches.',
      query: postsQuerySchema,
      responses: {
        200: '{items, nextCursor, hasMore}',
        400: 'a parameter is invalid (errors name it); a q syntax error gives errors[0].position',
        401: 'no or invalid key',
        403: 'the key may not see this brand',
        404: 'search names no saved search this key may run',
        429: 'rate limit',
      },
      response: { 200: PostPage },
    },
    (c, { query, principal }) => {
      let q = toPostQuery(query);
      const allowed = allowedBrands(principal);
      if (allowed) {
        if (q.brand !== undefined && !allowed.includes(q.brand)) {
          throw forbidden(`this key may not see brand "${q.brand}"`);
        }
        // Whatever q says (brand:other included), the list stays within the key's brands.
        q.brands = allowed;
      }
      if (query.search !== undefined) {
        q = withSavedSearch(q, visibleSearch(db, principal, query.search));
      }
      const at = now();
      const page = listPosts(db, q);
      return c.json({
        items: page.items.map((p) => presentSummary(p, at)),
        nextCursor: page.nextCursor,
        hasMore: page.nextCursor !== null,
      });
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/v1/posts/:id',
      tag: 'posts',
      access: 'read',
      summary:
        'One post: text, analysis with evidence spans, brands, score components, thread, syndicated copies, feedback, workflow (handled, assignee, notes)',
      params: idParam,
      responses: {
        200: 'the post',
        401: 'no or invalid key',
        404: 'no such post (or not visible to this key)',
      },
      response: { 200: PostDetail },
    },
    (c, { params, principal }) => {
      const post = visiblePost(db, params.id, principal);
      const { noteCount: _, ...workflow } = workflowOf(db, [post.id]).get(post.id)!;
      return c.json({
        ...presentDetail(post, now()),
        feedback: listFeedback(db, post.id),
        workflow: { ...workflow, notes: listNotes(db, post.id) },
      });
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/v1/posts/:id/feedback',
      tag: 'posts',
      access: 'write',
      summary:
        "A person's correction of the analysis; stored with the key and time, never applied to the model",
      params: idParam,
      body: feedbackBody,
      responses: {
        201: 'the feedback as stored; Location: the post, which lists its feedback',
        400: 'a field is invalid (errors name it), or target is not a watched brand',
        401: 'no or invalid key',
        403: 'target is a brand the key may not see',
        404: 'no such post',
        413: 'body over 64 KiB',
      },
      response: { 201: Feedback },
    },
    (c, { params, body, principal }) => {
      const post = visiblePost(db, params.id, principal);
      if (body.target != null) checkTarget(db, principal, body.target);
      const keyId = principal.kind === 'key' ? principal.key.id : null;
      const saved = addFeedback(db, post.id, body, keyId, now().toISOString());
      // Feedback has no address of its own: it is read with its post.
      return c.json(saved, 201, { location: `/v1/posts/${post.id}` });
    },
  );
}
