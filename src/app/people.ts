/**
 * The people who sign in by email. The secretariat adds them (an invitation is an added person
 * and a sign-in link emailed to them, sent by the HTTP layer, which holds the mailer) and disables
 * them: a disabled person gets no more sign-in links and every session of theirs is revoked at once.
 */
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { actorLabel, type AdminActor } from '../domain/audit/admin-actor';
import { PersonInputSchema } from '../domain/people/person';
import { flattenZodError } from '../domain/text/fields';
import { recordAdminAction } from '../store/admin-audit';
import { withTransaction } from '../store/db';
import { disablePersonRow, insertPerson, listPeople, lockPerson, type PersonRecord } from '../store/people';
import { revokePersonSessions } from '../store/sessions';
import { directoryUnit } from '../store/unit-inbox';
import { ConflictError, InputError, NotFoundError } from './errors';

/** A person just disabled, and how many of their sessions were revoked with them. */
export interface DisabledPerson {
  person: PersonRecord;
  sessionsRevoked: number;
}

/** See the file comment. */
export class People {
  constructor(
    private readonly pool: Pool,
    /** Told after sessions were revoked here, so this process's revocation cache is dropped. */
    private readonly onRevoked: () => void,
  ) {}

  /** Adds a person (audited as person-invite); 400 naming each bad field, 409 when the email is taken. */
  async add(input: unknown, actor: AdminActor): Promise<PersonRecord> {
    const parsed = PersonInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = flattenZodError(parsed.error);
      throw new InputError(`the person: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
    }
    const p = parsed.data;
    if (p.unitId !== undefined && !(await directoryUnit(this.pool, p.unitId))) {
      const message = `unitId ${p.unitId} is not in the organisation directory; \`cascade org show\` lists the units`;
      throw new InputError(`the person: unitId: ${message}`, [{ path: 'unitId', rule: 'unknown-unit', message }]);
    }
    return withTransaction(this.pool, async (client) => {
      const row = { id: crypto.randomUUID(), email: p.email, name: p.name, role: p.role, unitId: p.unitId ?? null, addedBy: actorLabel(actor) };
      const added = await insertPerson(client, row);
      if (!added)
        throw new ConflictError(`a person with the email ${p.email} exists already; \`cascade people list\` (GET /api/people) lists them`, 'PersonExists');
      await recordAdminAction(client, {
        action: 'person-invite',
        target: added.id,
        scopeUnit: added.unitId,
        details: { email: added.email, name: added.name, role: added.role, unitId: added.unitId },
        actor,
      });
      return added;
    });
  }

  /** Everyone, active first. */
  list(): Promise<PersonRecord[]> {
    return listPeople(this.pool);
  }

  /**
   * Disables a person and revokes their sessions (audited as person-disable); 404 unknown, 409 when disabled already;
   * `authorise` sees the person first and throws to refuse.
   */
  async disable(id: string, actor: AdminActor, authorise?: (person: PersonRecord) => Promise<void>): Promise<DisabledPerson> {
    const label = actorLabel(actor);
    const done = await withTransaction(this.pool, async (client) => {
      const before = await lockPerson(client, id);
      if (!before) throw new NotFoundError(`no person has the id ${id}; \`cascade people list\` (GET /api/people) lists them`);
      await authorise?.(before);
      if (before.disabledAt) throw new ConflictError(`${before.email} was disabled already at ${before.disabledAt} by ${before.disabledBy}`, 'AlreadyDisabled');
      const person = (await disablePersonRow(client, id, label)) as PersonRecord;
      const revoked = await revokePersonSessions(client, id, label, 'person disabled');
      await recordAdminAction(client, {
        action: 'person-disable',
        target: id,
        scopeUnit: person.unitId,
        details: { email: person.email, sessionsRevoked: revoked },
        actor,
      });
      return { person, sessionsRevoked: revoked.length };
    });
    if (done.sessionsRevoked > 0) this.onRevoked();
    return done;
  }
}
