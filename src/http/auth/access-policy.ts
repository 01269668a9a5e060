/**
 * Who may do what. Central secretariat (no unit): everything. A committee's secretariat (a province's:
 * a secretariat with a unit) launches and manages the directives rooted in its subtree, edits the
 * directory under its unit, issues and revokes credentials inside it, and reads what a supervisor of its
 * unit reads plus its own directives (`isCentral` decides which). Supervisor: read its own committee and the subtree below,
 * extend and exempt units strictly below. Inspector (inspection commission): read exactly what a
 * supervisor of its unit reads, change nothing (`requireWriter`, run by the API for every write).
 * Unit (token or report link): act as itself and read its own state. Inbox link: read that one unit's inbox, nothing else.
 */
import type { CascadeClient } from '../../app/cascade-client';
import { NotFoundError } from '../../app/errors';
import { ForbiddenError } from '../errors/http-errors';
import type { Principal } from './principal';
import { isNamedReader } from './secret-visibility';
import type { SecretReader } from '../../domain/directive/secrecy';

/** The checks routes and pages run before they touch anything. */
export class AccessPolicy {
  /** The scope `scope` decided for a committee's secretariat (whole for its own directives), which `effectiveScope` hands back. */
  private readonly committeeScopes = new WeakMap<Principal, string | undefined>();

  constructor(private readonly cascade: Pick<CascadeClient, 'ancestors' | 'directoryAncestors' | 'directive' | 'directiveSecrecy'>) {}

  /**
   * Secretariat work. Without a target: what only the central secretariat does. With one, what a
   * committee's secretariat may do too when the target lies in its subtree (see SecretariatTarget);
   * the central secretariat passes every target. The refusal names who may.
   */
  requireSecretariat(p: Principal): void;
  requireSecretariat(p: Principal, target: SecretariatTarget): Promise<void>;
  requireSecretariat(p: Principal, target?: SecretariatTarget): void | Promise<void> {
    if (target !== undefined) return this.requireSecretariatOver(p, target);
    if (p.kind !== 'secretariat') throw new ForbiddenError(`only the secretariat may do this; the caller is ${roleName(p)}`);
    if (!isCentral(p)) throw new ForbiddenError(`only the central secretariat may do this; the caller is ${roleName(p)}`);
  }

  private async requireSecretariatOver(p: Principal, target: SecretariatTarget): Promise<void> {
    const what = 'subtree' in target ? target.subtree : 'central' in target ? target.central : target.what;
    if (p.kind !== 'secretariat') throw new ForbiddenError(`only the secretariat may ${what}; the caller is ${roleName(p)}`);
    if (p.unitId === undefined || 'subtree' in target) return;
    const unit = p.unitId;
    if ('central' in target)
      throw new ForbiddenError(`only the central secretariat may ${what}; the secretariat of ${unit} manages only ${unit} and the units under it`);
    if ('directive' in target) {
      if ((await this.ownDirectiveRoot(unit, target.directive)) !== null) return;
      throw new ForbiddenError(
        `the secretariat of ${unit} may ${what} only directives rooted at ${unit} or under it; directive ${target.directive} is not (the central secretariat may)`,
      );
    }
    if (await this.inDirectorySubtree(target.unit, unit, target.strict ?? false)) return;
    const scope = target.strict ? `the units under ${unit}` : `${unit} and the units under it`;
    throw new ForbiddenError(`the secretariat of ${unit} may ${what} only for ${scope}; ${target.unit} is outside (the central secretariat may)`);
  }

  /** The subtree a secretariat's lists are limited to: its committee's unit, or undefined for the central secretariat (and everyone else). */
  secretariatScope(p: Principal): string | undefined {
    return p.kind === 'secretariat' ? p.unitId : undefined;
  }

  /** Supervisors, inspectors and the secretariat: the ones who read rollups, lists and pages. */
  requireSupervisor(p: Principal): asserts p is Extract<Principal, { kind: 'secretariat' | 'supervisor' | 'inspector' }> {
    if (p.kind !== 'secretariat' && !isOverseer(p))
      throw new ForbiddenError(`only supervisors, inspectors and the secretariat may read this; the caller is ${roleName(p)}`);
  }

  /**
   * Every write of the API (any method but GET and HEAD) runs this once, before its own check: an
   * inspector reads and never changes anything, so no route can forget to refuse it.
   */
  requireWriter(p: Principal): void {
    if (p.kind === 'inspector')
      throw new ForbiddenError(
        `inspectors only read: ${p.sub} (inspector of ${p.unitId}) may not report, extend, exempt, launch, withdraw, import, edit, issue or revoke anything`,
      );
  }

  /**
   * The subtree a supervisor reads: `requested`, or their own committee when none is asked for.
   * Undefined means the whole directive (secretariat only). Throws 403 outside their subtree.
   */
  async scope(p: Principal, directiveId: string, requested: string | undefined): Promise<string | undefined> {
    this.requireSupervisor(p);
    // requireSupervisor lets only the central secretariat through otherwise.
    if (!isOverseer(p)) return requested;
    if (p.kind === 'secretariat' && (await this.ownDirectiveRoot(p.unitId, directiveId)) !== null) {
      this.committeeScopes.set(p, requested);
      return requested;
    }
    const target = requested ?? p.unitId;
    if (!(await this.within(directiveId, target, p.unitId, true))) {
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read ${p.unitId} and the units under it in directive ${directiveId}; ${target} is outside`);
    }
    if (p.kind === 'secretariat') this.committeeScopes.set(p, target);
    return target;
  }

  /**
   * The part of the organisation directory a caller may export: `requested` (undefined: the whole
   * directory) for the secretariat; for a supervisor their own unit's subtree, or a unit inside it.
   * Unlike `scope`, this reads the directory as it stands, not a directive's snapshot.
   */
  async directoryScope(p: Principal, requested: string | undefined): Promise<string | undefined> {
    this.requireSupervisor(p);
    // requireSupervisor lets only the central secretariat through otherwise.
    if (!isOverseer(p)) return requested;
    const target = requested ?? p.unitId;
    if (target === p.unitId) return target;
    try {
      if ((await this.cascade.directoryAncestors(target)).includes(p.unitId)) return target;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    throw new ForbiddenError(`${p.kind} of ${p.unitId} may only export ${p.unitId} and the units under it; ${target} is outside`);
  }

  /** The subtree `scope` checked, without checking again: the request's, or a supervisor's (inspector's) own committee. */
  effectiveScope(p: Principal, requested: string | undefined): string | undefined {
    // A committee's secretariat reads its own directives whole and others from its unit down: `scope` knew which.
    if (this.committeeScopes.has(p)) return this.committeeScopes.get(p);
    return requested ?? (isOverseer(p) ? p.unitId : undefined);
  }

  /** Reading one unit's state: its supervisors (subtree), the unit itself, or its report link. */
  async readUnit(p: Principal, directiveId: string, unitId: string): Promise<void> {
    if (isCentral(p) || (await this.ownsDirective(p, directiveId))) return;
    if (isOverseer(p)) {
      if (await this.within(directiveId, unitId, p.unitId, true)) return;
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read units under it in directive ${directiveId}; ${unitId} is outside`);
    }
    this.actAsUnit(p, directiveId, unitId);
  }

  /** A unit's timeline (audit trail): supervisors and the secretariat only. */
  async readTimeline(p: Principal, directiveId: string, unitId: string): Promise<void> {
    this.requireSupervisor(p);
    await this.readUnit(p, directiveId, unitId);
  }

  /**
   * Extending a deadline or exempting: the central secretariat, a committee's secretariat in its own
   * directives (or strictly below its unit in others), or a supervisor of a unit strictly below them.
   */
  async superviseUnit(p: Principal, directiveId: string, unitId: string): Promise<void> {
    if (isCentral(p) || (await this.ownsDirective(p, directiveId))) return;
    const above = p.kind === 'supervisor' || p.kind === 'secretariat';
    if (above && p.unitId !== undefined && unitId !== p.unitId && (await this.within(directiveId, unitId, p.unitId, false))) return;
    const who = p.kind === 'supervisor' ? `supervisor of ${p.unitId}` : roleName(p);
    throw new ForbiddenError(
      `${who} may not extend or exempt ${unitId}: only the central secretariat, the secretariat of the committee whose directive it is, or a committee above it may`,
    );
  }

  /** Reporting, correcting, acknowledging: the unit itself (token or link for this directive), or the secretariat. */
  actAsUnit(p: Principal, directiveId: string, unitId: string): void {
    if (isCentral(p)) return;
    if (p.kind === 'secretariat')
      throw new ForbiddenError(
        `${roleName(p)} does not report for units: ${unitId} reports with its own token or report link (the central secretariat may act for it)`,
      );
    if (p.kind === 'unit' && p.unitId === unitId) return;
    if (p.kind === 'report-link' && p.unitId === unitId && p.directiveId === directiveId) return;
    if (p.kind === 'report-link' && p.directiveId !== directiveId) {
      throw new ForbiddenError(`this report link is for directive ${p.directiveId}, not ${directiveId}`);
    }
    if (p.kind === 'inbox-link')
      throw new ForbiddenError(`an inbox link opens only the inbox of ${p.unitId}; reporting needs its report link or the unit's token`);
    throw new ForbiddenError(`${roleName(p)} may act only for ${'unitId' in p ? p.unitId : 'itself'}, not for ${unitId}`);
  }

  /**
   * A unit's inbox: the unit itself (its token or an inbox link for it), a supervisor whose subtree
   * in the directory holds it, or the secretariat.
   */
  async readInbox(p: Principal, unitId: string): Promise<void> {
    if (isCentral(p)) return;
    if ((p.kind === 'unit' || p.kind === 'inbox-link') && p.unitId === unitId) return;
    if (isOverseer(p)) {
      if (unitId === p.unitId) return;
      try {
        if ((await this.cascade.directoryAncestors(unitId)).includes(p.unitId)) return;
      } catch (err) {
        // Outside the subtree or not in the directory: the same answer, so nothing leaks about which.
        if (!(err instanceof NotFoundError)) throw err;
      }
      throw new ForbiddenError(`${p.kind} of ${p.unitId} may only read the inboxes of ${p.unitId} and the units under it; ${unitId} is outside`);
    }
    if (p.kind === 'report-link') {
      throw new ForbiddenError(`a report link opens only its report form; the inbox of ${unitId} needs the unit's token or the inbox link in its emails`);
    }
    throw new ForbiddenError(`${roleName(p)} may read only its own inbox, not the inbox of ${unitId}`);
  }

  /**
   * Opting a unit out of the weekly digest (or back in): the unit itself (its token, an inbox link
   * for it, or a supervisor token of that very committee), or the secretariat.
   */
  setDigestPreference(p: Principal, unitId: string): void {
    if (isCentral(p)) return;
    if ((p.kind === 'unit' || p.kind === 'inbox-link' || p.kind === 'supervisor' || p.kind === 'secretariat') && p.unitId === unitId) return;
    if (p.kind === 'report-link')
      throw new ForbiddenError(`a report link opens only its report form; the digest of ${unitId} is set with its inbox link or token`);
    throw new ForbiddenError(`${roleName(p)} may set only its own unit's weekly digest, not that of ${unitId}`);
  }

  /** The directives a caller takes part in: all for the secretariat, else those whose snapshot holds the caller's unit. */
  async visibleDirectives<T extends { id: string }>(p: Principal, listed: T[]): Promise<T[]> {
    const all = await this.withoutHiddenSecrets(p, listed, (d) => d.id);
    if (isCentral(p)) return all;
    if (p.kind === 'report-link') return all.filter((d) => d.id === p.directiveId);
    // An inbox link grants the inbox only.
    if (p.kind === 'inbox-link') return [];
    // Every caller left names a unit (a committee's secretariat, a supervisor, an inspector, a unit); a secretariat also sees its own directives.
    const unit = p.unitId as string;
    const taking = await Promise.all(
      all.map(async (d) => (await this.within(d.id, unit, unit, true)) || (p.kind === 'secretariat' && (await this.ownDirectiveRoot(unit, d.id)) !== null)),
    );
    return all.filter((_d, i) => taking[i]);
  }

  /**
   * A secret directive exists only for those it reaches and the readers its spec names: anyone else
   * gets the 404 of a directive never launched, on every route and page (src/http/auth/secret-visibility.ts).
   * A directive never launched is that 404 for everyone, before any other check, so the two answer alike.
   */
  async requireDirectiveVisible(p: Principal, directiveId: string): Promise<void> {
    const secrecy = await this.cascade.directiveSecrecy(directiveId);
    if (secrecy && (!secrecy.secret || (await this.seesSecret(p, directiveId, secrecy.readers)))) return;
    throw new NotFoundError(`directive ${directiveId} has not been launched`);
  }

  /** `list` without the secret directives hidden from the caller (`idOf` names each item's directive). */
  async withoutHiddenSecrets<T>(p: Principal, list: T[], idOf: (item: T) => string): Promise<T[]> {
    const shown = await Promise.all(
      list.map(async (item) => {
        const secrecy = await this.cascade.directiveSecrecy(idOf(item));
        return !secrecy?.secret || this.seesSecret(p, idOf(item), secrecy.readers);
      }),
    );
    return list.filter((_item, i) => shown[i]);
  }

  /**
   * Who sees a secret directive: the readers named at launch (a secretariat, an inspection commission),
   * its report links, and the units it reaches through their own unit (its token, inbox link or
   * supervisors); an inspector or a secretariat only when named, even over units it reaches.
   */
  private async seesSecret(p: Principal, directiveId: string, readers: readonly SecretReader[]): Promise<boolean> {
    if (isNamedReader(p, readers)) return true;
    if (p.kind === 'report-link') return p.directiveId === directiveId;
    if (p.kind === 'supervisor' || p.kind === 'unit' || p.kind === 'inbox-link') return this.within(directiveId, p.unitId, p.unitId, true);
    return false;
  }

  /** True for a committee's secretariat and a directive rooted at its unit or under it (in the directory). */
  private async ownsDirective(p: Principal, directiveId: string): Promise<boolean> {
    return p.kind === 'secretariat' && p.unitId !== undefined && (await this.ownDirectiveRoot(p.unitId, directiveId)) !== null;
  }

  /** The directive's root when it is `unit` or lies under it in the directory, else null (also for a directive never launched). */
  private async ownDirectiveRoot(unit: string, directiveId: string): Promise<string | null> {
    const directive = await this.cascade.directive(directiveId);
    if (!directive) return null;
    return (await this.inDirectorySubtree(directive.rootUnitId, unit, false)) ? directive.rootUnitId : null;
  }

  /** True when `unitId` is `root` (unless `strict`) or has `root` among its ancestors in the directory as it stands. */
  private async inDirectorySubtree(unitId: string, root: string, strict: boolean): Promise<boolean> {
    if (unitId === root) return !strict;
    try {
      return (await this.cascade.directoryAncestors(unitId)).includes(root);
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  /** True when `unitId` is `root` (if `inclusive`) or has `root` among its ancestors in the directive. */
  private async within(directiveId: string, unitId: string, root: string, inclusive: boolean): Promise<boolean> {
    try {
      if (unitId === root) {
        // Their own committee must take part in the directive, or there is nothing of theirs to see.
        await this.cascade.ancestors(directiveId, root);
        return inclusive;
      }
      return (await this.cascade.ancestors(directiveId, unitId)).includes(root);
    } catch (err) {
      // A supervisor learns nothing about units outside their subtree, not even whether they exist.
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }
}

/** The central secretariat: a secretariat (token or session) without a unit; one with a unit is that committee's. */
export function isCentral(p: Principal): boolean {
  return p.kind === 'secretariat' && p.unitId === undefined;
}

/**
 * What a secretariat check is against: work the route keeps to the caller's subtree itself
 * (`subtree`: a list it narrows, or a target it checks once known, as a launch's root), a directive
 * (rooted in the subtree), a unit (in the subtree; strictly under the committee's own unit with
 * `strict`), or work only the central secretariat does. `what` is the action in words, for the refusal.
 */
export type SecretariatTarget =
  { subtree: string } | { central: string } | { directive: string; what: string } | { unit: string; what: string; strict?: boolean };

/** A supervisor, an inspector or a committee's secretariat: the callers that read one committee's subtree. */
function isOverseer(
  p: Principal,
): p is Extract<Principal, { kind: 'supervisor' | 'inspector' }> | (Extract<Principal, { kind: 'secretariat' }> & { unitId: string }) {
  return p.kind === 'supervisor' || p.kind === 'inspector' || (p.kind === 'secretariat' && p.unitId !== undefined);
}

function roleName(p: Principal): string {
  if (p.kind === 'secretariat') return p.unitId === undefined ? 'the secretariat' : `the secretariat of ${p.unitId}`;
  if (p.kind === 'report-link' || p.kind === 'inbox-link') return `the ${p.kind.replace('-', ' ')} of ${p.unitId}`;
  return `${p.kind} ${p.unitId}`;
}
