// GET /v1/me: who the server takes the caller for, so that a client (the dashboard) can say
// what a key may do before it tries: a reader key is told it cannot write, not shown a 403.
import { Me } from './responses.ts';
import { type Router, route } from './route.ts';

export function meRoutes(r: Router): void {
  route(
    r,
    {
      method: 'get',
      path: '/v1/me',
      tag: 'service',
      access: 'read',
      summary:
        'The key this request carries (id, prefix, name, role, brands), or null without one; and what it may do',
      responses: { 200: '{key, may: {edit, admin, feedback}}', 401: 'no or invalid key' },
      response: { 200: Me },
    },
    (c, { principal }) => {
      if (principal.kind === 'anonymous') {
        return c.json({ key: null, may: { edit: false, admin: false, feedback: false } });
      }
      const { id, prefix, name, role, brands } = principal.key;
      return c.json({
        key: { id, prefix, name, role, brands },
        may: { edit: role !== 'reader', admin: role === 'admin', feedback: true },
      });
    },
  );
}
