/** The secretariat adds, lists and disables the people who sign in by email; adding one invites them (a sign-in link by email). */
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { sendSignInEmail } from '../../app/sign-in-email';
import { actorOf } from '../auth/actor';
import type { Principal } from '../auth/principal';
import { guard, principalOf, type RoutePlugin } from './route-kit';
import { secretariatListFilter } from './subtree-lists';

const PersonParamsSchema = z.object({ id: z.string().trim().min(1).max(64) });

/** Registers GET /people, POST /people and POST /people/:id/disable. */
export const peopleRoutes: RoutePlugin = async (app, deps) => {
  const { access, cascade, signIn } = deps;
  const secretariat = (what: string) => guard((_req, p) => access.requireSecretariat(p, { subtree: what }));
  /** A person of `unitId` (none: a central secretariat's person) is within the caller's reach: a committee's secretariat manages its subtree's people. */
  const overPerson = (p: Principal, unitId: string | null, what: string) =>
    access.requireSecretariat(p, unitId === null ? { central: `${what} a central secretariat's person` } : { unit: unitId, what });

  /** Sends a new person their first sign-in link; false when this server has no mailer or SMTP refused it (logged). */
  async function invite(email: string, log: FastifyBaseLogger): Promise<boolean> {
    if (!signIn.mailer) return false;
    const request = await cascade.requestSignIn(email, { secret: deps.secrets.tokenSecret, ttlMinutes: signIn.linkTtlMinutes, baseUrl: deps.publicBaseUrl });
    if (!request) return false;
    try {
      await sendSignInEmail(signIn.mailer, request);
      return true;
    } catch (err) {
      log.error({ err }, 'sending an invitation (sign-in link) failed');
      return false;
    }
  }

  /** Secretariat: everyone who signs in by email, active first. */
  app.get(
    '/people',
    {
      schema: {
        summary: 'People who sign in by email',
        description: 'Answers `[{ id, email, name, role, unitId, addedAt, addedBy, disabledAt, disabledBy }]`.',
        tags: ['secretariat'],
      },
      preValidation: secretariat('list people'),
    },
    async (request, reply) => {
      const inScope = await secretariatListFilter(deps, principalOf(request));
      return reply.header('cache-control', 'no-store').send(inScope(await cascade.listPeople()));
    },
  );

  /** Secretariat: adds a person and, unless `invite: false`, emails them a sign-in link. */
  app.post(
    '/people',
    {
      schema: {
        summary: 'Add (invite) a person',
        description:
          'Body `{ email, name, role: "secretariat" | "supervisor" | "inspector", unitId?, invite? }` (unitId required but for the secretariat; invite default true). ' +
          'Answers 201 `{ person, invited }`; `invited` is false when no sign-in email could be sent (the person can still ask for one at /sign-in). 400 names each bad field; 409 when the email is taken.',
        tags: ['secretariat'],
        body: z.record(z.string(), z.unknown(), { error: 'send a JSON object { email, name, role, unitId?, invite? }' }),
      },
      preValidation: secretariat('invite people'),
    },
    async (request, reply) => {
      const { invite: wanted, ...input } = request.body;
      const p = principalOf(request);
      // Checked before anything is recorded; the unit's own checks (present, in the directory) are the schema's.
      await overPerson(p, typeof input.unitId === 'string' ? input.unitId : null, 'invite people');
      const person = await cascade.addPerson(input, actorOf(p));
      const invited = wanted === false ? false : await invite(person.email, request.log);
      return reply.code(201).send({ person, invited });
    },
  );

  /** Secretariat: disables a person; every session of theirs is revoked with them. */
  app.post(
    '/people/:id/disable',
    {
      schema: {
        summary: 'Disable a person',
        description: 'Answers `{ person, sessionsRevoked }`; 404 for an unknown id, 409 when disabled already. A disabled person gets no more sign-in links.',
        tags: ['secretariat'],
        params: PersonParamsSchema,
      },
      preValidation: secretariat('disable people'),
    },
    async (request) => {
      const p = principalOf(request);
      return cascade.disablePerson(request.params.id, actorOf(p), (person) => overPerson(p, person.unitId, 'disable people'));
    },
  );
};
