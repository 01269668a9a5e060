/**
 * The operations of the three users, over Temporal and PostgreSQL. The CLI, the API and the
 * dashboard call only this module; none of them re-implements a rule.
 *   secretariat: importOrganisation (and the directory's edits), launch, withdraw
 *   units:       acknowledge, report, correct
 *   superiors:   extend, exempt; supervisors: committee, unit, rollup, listUnits
 *
 * This class says who may call what; the work is done by one module per job, which share one
 * DirectiveLookups (so a launch, a command and a read see the same cached roots and holders):
 *   launch.ts          launching a directive
 *   unit-commands.ts   the updates to a unit and their journal entries
 *   withdraw.ts        withdrawing a directive
 *   cascade-queries.ts the reads, the CSV export and the results report
 *   progress-queries.ts progress over time (units done per level against time) and its chart
 *   organisation.ts    importing, editing, exporting the directory and its audit trail
 *   reorganisation-preview.ts  rehearsing a reorganisation plan
 *   reorganisation.ts  applying one (reorganise-directive.ts carries it into each running directive)
 *   unit-inbox.ts      one unit's inbox: every directive it is in, and what its units below still owe
 *   digest-opt-outs.ts the units that opted out of the weekly digest
 *   credentials.ts     access tokens issued, credentials revoked, and the revocations requests are checked against
 *   access-log.ts      the inspectors' requests, recorded and listed
 *   secret-reads.ts    which directives are secret, and every read of one, recorded and listed
 *   people.ts, sessions.ts  the people who sign in by email, their sign-in links and sessions
 *   admin-audit.ts     the administration audit trail, listed (each action records itself where it is done)
 *   attachments.ts     the files units attach to their reports, streamed in and out of PostgreSQL
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { DirectiveRuntime } from '../domain/cascade/records';
import type { LevelDefinition } from '../domain/org/levels';
import type { SubtreeMode } from '../domain/org/directory-edit';
import type { OrgDocument, OrgFormat } from '../domain/org/org-import';
import type { OrgTree, OrgUnit } from '../domain/org/org';
import type { RollupView } from '../domain/track/rollup';
import type { CascadeAsOf } from '../domain/cascade/as-of-state';
import type { DirectiveSummary, SnapshotUnitInfo, TimelineEntry } from '../store/directory-queries';
import type { QuarantinedEntry } from '../store/journal-quarantine';
import type { ReorganisationRecord } from '../store/reorganisations';
import type { OrgAuditEntry } from '../store/org-audit';
import { loadOrganisationLevels, saveOrganisation } from '../store/org-directory';
import type { UnitListing } from '../store/unit-listings';
import { DEFAULT_TASK_QUEUE, type CommitteeView, type UnitView } from '../engine/protocol';
import { CascadeQueries, type UnitFilter, type UnitReadView } from './cascade-queries';
import { ProgressQueries, type ProgressOptions } from './progress-queries';
import type { ProgressSeries } from '../domain/report/progress-series';
import { DirectiveLookups } from './directive-lookups';
import { Launcher, type LaunchOptions, type LaunchPreview, type LaunchResult } from './launch';
import { CalendarBook } from './calendar-book';
import { roundListing, type RoundListing } from './report-rounds';
import { CalendarApplier, type CalendarApplication } from './calendar-apply';
import { JournalWriter } from './journal-writer';
import type { YearCalendar } from '../domain/calendar/year-calendar';
import { type ImportSummary, OrganisationCommands } from './organisation';
import { UnitCommands } from './unit-commands';
import { withdrawDirective } from './withdraw';
import { listDirectory, type DirectoryFilter } from './list-filters';
import type { ReorganisationPreview } from './reorganisation-preview';
import { Reorganisations, type ReorganisationOutcome } from './reorganisation';
import { readUnitInbox, type ReportLinkSigner, type UnitInbox } from './unit-inbox';
import { digestOptOuts, digestPreference, setDigestOptOut, type DigestOptOut, type DigestPreference } from './digest-opt-outs';
import type { FieldIssue } from '../domain/text/fields';
import { Credentials, type CredentialListing, type IssuedToken, type RevocationCacheOptions } from './credentials';
import type { AccessRole } from '../security/access-token';
import type { RevocationList } from '../security/revocation-list';
import type { AccessTokenRecord, LinkFamilyRecord } from '../store/credentials';
import { People, type DisabledPerson } from './people';
import { Sessions, type OpenedSession, type SessionListing, type SignInRequest } from './sessions';
import type { PersonRecord } from '../store/people';
import type { SessionRecord } from '../store/sessions';
import { AccessLog } from './access-log';
import type { AccessLogEntry, AccessLogRow } from '../store/access-log';
import { SecretReads, type DirectiveSecrecy } from './secret-reads';
import type { SecretReadEntry, SecretReadRow } from '../store/secret-reads';
import type { AdminActor } from '../domain/audit/admin-actor';
import { adminAuditListing, type AdminAuditListing } from './admin-audit';
import { resultsReportFile, type ReportFile, type ReportFileOptions } from './report-files';
import { Attachments, type AttachmentDownload, type IncomingFile, type StoredAttachment } from './attachments';
import type { AttachmentRow } from '../store/attachments';
import { ConflictError } from './errors';

/** What the client needs: a Temporal client, the database, and where the workers listen. */
export interface CascadeClientDeps {
  temporal: Client;
  pool: Pool;
  taskQueue?: string;
  /** Set custom search attributes (default true; false for the time-skipping test server). */
  searchAttributes?: boolean;
  /** Continue-as-new thresholds and journal timing for the directives this client launches (tests and benchmarks). */
  limits?: DirectiveRuntime['limits'];
  /**
   * Told when writing an update's journal entries to PostgreSQL failed. The update itself is
   * recorded and its committee writes the same entries within ten minutes, so the caller still
   * gets its answer. Default: a one-line warning on stderr.
   */
  onJournalError?: (error: unknown, unitId: string) => void;
  /** Updates in flight per committee workflow from this client (default 8, under Temporal's 10); more wait in order. */
  maxUpdatesInFlightPerCommittee?: number;
  /** How long a unit's command waits out a reorganisation (the unit moving, its committee continuing as new) before the caller is told to come back (default 90 s). */
  reorganisationWaitMs?: number;
  /** The clock a launch is checked against and stamped with (default: the system clock). */
  clock?: () => Date;
  /** The working calendars (default: Monday to Friday, the override files that ship in `calendar/`). */
  calendars?: CalendarBook;
  /** How long the revocations requests are checked against are kept in memory (default 5 s), and by which clock. */
  revocationCache?: RevocationCacheOptions;
  /** PAYLOAD_ENCRYPTION_KEY, the same the Temporal client encrypts with: secret directives are launched only with it. */
  payloadEncryptionKey?: string | undefined;
}

/** See the file comment. */
export class CascadeClient {
  readonly taskQueue: string;
  private readonly pool: Pool;
  private readonly lookups: DirectiveLookups;
  private readonly launcher: Launcher;
  private readonly commands: UnitCommands;
  private readonly queries: CascadeQueries;
  private readonly progressQueries: ProgressQueries;
  private readonly organisationCommands: OrganisationCommands;
  private readonly reorganisations: Reorganisations;
  private readonly calendars: CalendarBook;
  private readonly temporal: Client;
  private readonly calendarApplier: CalendarApplier;
  private readonly credentialRecords: Credentials;
  private readonly accessLog: AccessLog;
  private readonly secretReadLog: SecretReads;
  private readonly people: People;
  private readonly sessionRecords: Sessions;
  private readonly attachmentStore: Attachments;

  constructor(deps: CascadeClientDeps) {
    this.taskQueue = deps.taskQueue ?? DEFAULT_TASK_QUEUE;
    this.pool = deps.pool;
    this.lookups = new DirectiveLookups(deps.temporal, deps.pool);
    this.temporal = deps.temporal;
    this.calendars = deps.calendars ?? new CalendarBook();
    this.launcher = new Launcher({ ...deps, taskQueue: this.taskQueue, calendars: this.calendars }, this.lookups);
    this.calendarApplier = new CalendarApplier({ temporal: deps.temporal, pool: deps.pool, calendars: this.calendars }, new JournalWriter(deps.pool));
    this.commands = new UnitCommands(deps, this.lookups);
    this.queries = new CascadeQueries(deps.temporal, deps.pool, this.lookups);
    this.progressQueries = new ProgressQueries(deps.pool, this.lookups);
    this.organisationCommands = new OrganisationCommands(deps.pool);
    this.reorganisations = new Reorganisations({ temporal: deps.temporal, pool: deps.pool, taskQueue: this.taskQueue }, this.lookups);
    this.credentialRecords = new Credentials(deps.pool, deps.revocationCache);
    this.accessLog = new AccessLog(deps.pool);
    this.secretReadLog = new SecretReads(deps.pool);
    const forget = () => this.credentialRecords.forgetRevocations();
    this.people = new People(deps.pool, forget);
    this.sessionRecords = new Sessions(deps.pool, forget);
    this.attachmentStore = new Attachments(deps.pool);
  }

  /** The revocations in force, at most the cache bound old: what every request's credential is checked against. */
  revocations(): Promise<RevocationList> {
    return this.credentialRecords.revocations();
  }

  /** Secretariat: signs an access token and records it, issued by `opts.actor` (audited; `issuedBy` overrides the label its record shows). */
  issueAccessToken(
    grant: { sub: string; role: AccessRole; unitId?: string },
    opts: { secret: string; ttlSeconds: number; actor: AdminActor; issuedBy?: string },
  ): Promise<IssuedToken> {
    return this.credentialRecords.issue(grant, opts);
  }

  /** Records one request an inspector made, behind the ones before it; never rejects (a failed write goes to `onError`). */
  recordInspectorAccess(row: AccessLogRow, onError: (error: unknown) => void): Promise<void> {
    return this.accessLog.record(row, onError);
  }

  /** Secretariat: the inspectors' requests (`{ sub?, limit? }`: one subject's, the newest `limit`), oldest first. */
  inspectorAccessLog(filter: unknown): Promise<AccessLogEntry[]> {
    return this.accessLog.list(filter);
  }

  /** Whether a launched directive is secret, and the readers its spec names; null when it was never launched. */
  directiveSecrecy(directiveId: string): Promise<DirectiveSecrecy | null> {
    return this.secretReadLog.secrecy(directiveId);
  }

  /** Records one read of a secret directive, behind the ones before it; never rejects (a failed write goes to `onError`). */
  recordSecretRead(row: SecretReadRow, onError: (error: unknown) => void): Promise<void> {
    return this.secretReadLog.record(row, onError);
  }

  /** Central secretariat: the reads of secret directives (`{ directive?, sub?, limit? }`), oldest first. */
  secretReads(filter: unknown): Promise<SecretReadEntry[]> {
    return this.secretReadLog.list(filter);
  }

  /** Secretariat: adds a person who signs in by email (email, name, role, unitId); 400 naming each bad field, 409 for an email taken. */
  addPerson(input: unknown, actor: AdminActor): Promise<PersonRecord> {
    return this.people.add(input, actor);
  }

  /** Secretariat: everyone who signs in by email, active first. */
  listPeople(): Promise<PersonRecord[]> {
    return this.people.list();
  }

  /** Secretariat: disables a person; every session of theirs is revoked with them. `authorise` sees the person first and throws to refuse. */
  disablePerson(personId: string, actor: AdminActor, authorise?: (person: PersonRecord) => Promise<void>): Promise<DisabledPerson> {
    return this.people.disable(personId, actor, authorise);
  }

  /** A sign-in link for an active person with this email (recorded, single-use), or null: the caller answers the same either way. */
  requestSignIn(email: unknown, opts: { secret: string; ttlMinutes: number; baseUrl: string }): Promise<SignInRequest | null> {
    return this.sessionRecords.requestLink(email, opts);
  }

  /** Throws SignInRefusedError when a sign-in link can no longer be used (tampered, expired, used). */
  checkSignInLink(token: string, secret: string): Promise<void> {
    return this.sessionRecords.checkLink(token, secret);
  }

  /** Consumes a sign-in link once and opens a session for its person. */
  signIn(token: string, opts: { secret: string; ttlHours: number; userAgent: string | undefined }): Promise<OpenedSession> {
    return this.sessionRecords.signIn(token, opts);
  }

  /** The sessions (one person's when `personId` is given), newest first, with their status. */
  sessions(personId: string | null): Promise<SessionListing[]> {
    return this.sessionRecords.list(personId);
  }

  /** Revokes a session (only `ownerPersonId`'s when given); it fails on every request within the revocation cache's bound, here at once. */
  revokeSession(
    sessionId: string,
    reason: unknown,
    actor: AdminActor,
    ownerPersonId?: string,
    authorise?: (session: SessionRecord) => Promise<void>,
  ): Promise<SessionRecord> {
    return this.sessionRecords.revoke(sessionId, reason, actor, ownerPersonId, authorise);
  }

  /** Records that a session was used (at most once a minute per session). */
  touchSession(sessionId: string): Promise<void> {
    return this.sessionRecords.touch(sessionId);
  }

  /** Secretariat: the access tokens issued (newest first, with their status) and the link families revoked. */
  credentials(): Promise<CredentialListing> {
    return this.credentialRecords.list();
  }

  /** Secretariat: revokes one access token with a reason (audited); a second revocation is a 409 saying when and by whom. */
  revokeAccessToken(tokenId: string, reason: unknown, actor: AdminActor, authorise?: (token: AccessTokenRecord) => Promise<void>): Promise<AccessTokenRecord> {
    return this.credentialRecords.revokeToken(tokenId, reason, actor, authorise);
  }

  /** Secretariat: revokes a unit's report links (of one directive, or all) or its inbox links, minted until now (audited). */
  revokeLinks(unitId: string, revocation: unknown, actor: AdminActor): Promise<LinkFamilyRecord> {
    return this.credentialRecords.revokeLinks(unitId, revocation, actor);
  }

  /**
   * Secretariat: the administration audit trail, newest first (`{ action?, actor?, limit? }`);
   * `within` a unit, only the actions that touched its subtree (a committee secretariat's view).
   */
  adminAudit(query: unknown, within?: string): Promise<AdminAuditListing[]> {
    return adminAuditListing(this.pool, query, within);
  }

  /** A periodic directive's report rounds: planned from its spec, and each one's own directive once opened. */
  rounds(directiveId: string): Promise<RoundListing[]> {
    return roundListing(this.pool, directiveId);
  }

  /** A year's days off and swapped working days, as the calendar files say now. */
  calendarYear(year: number): YearCalendar {
    return this.calendars.year(year);
  }

  /**
   * Secretariat: gives every running directive (or those named) the working calendar the files say
   * now; their reminders and escalations move with it and their audit trail records it. With
   * `dryRun`, only says what would change.
   */
  applyCalendar(actor: string | AdminActor, options: { directiveIds?: readonly string[]; dryRun?: boolean } = {}): Promise<CalendarApplication[]> {
    return this.calendarApplier.apply(actor, options);
  }

  /**
   * Secretariat: replaces the organisation directory (validated as a whole first) and its levels
   * with the tree's units and the levels they were validated against, in one transaction.
   */
  importOrganisation(tree: OrgTree, onProgress?: (done: number, total: number) => void, actor = 'system'): Promise<number> {
    return saveOrganisation(this.pool, tree, onProgress, actor);
  }

  /**
   * Secretariat: imports an organisation file (see readOrganisationFile): the whole directory, or
   * under one unit replacing or merging its subtree; validated as a whole directory first, audited with `actor`.
   */
  importOrganisationFile(
    document: OrgDocument,
    target: { under?: string; mode?: SubtreeMode },
    actor: string | AdminActor,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportSummary> {
    return this.organisationCommands.importFile(document, target, actor, onProgress);
  }

  /** Secretariat: edits one unit of the directory (name, email, members, essaysExpected, parentId). */
  editOrganisationUnit(unitId: string, patch: unknown, actor: string | AdminActor): Promise<OrgUnit> {
    return this.organisationCommands.edit(unitId, patch, actor);
  }

  /** Secretariat: adds one unit to the directory. */
  addOrganisationUnit(unit: unknown, actor: string | AdminActor): Promise<OrgUnit> {
    return this.organisationCommands.add(unit, actor);
  }

  /** Secretariat: removes one unit (without units under it) from the directory. */
  removeOrganisationUnit(unitId: string, actor: string | AdminActor): Promise<OrgUnit> {
    return this.organisationCommands.remove(unitId, actor);
  }

  /** The directory, or the units below `under`, as a CSV, JSON or YAML file that imports back to the same directory. */
  exportOrganisation(format: OrgFormat, under?: string): Promise<string> {
    return this.organisationCommands.export(format, under);
  }

  /**
   * Secretariat: rehearses a reorganisation plan (as parsed from its file) against today's
   * directory and every running directive (or those named): what it would change, and what would
   * stop it being applied now; nothing is written.
   */
  previewReorganisation(plan: unknown, directiveIds?: readonly string[]): Promise<ReorganisationPreview & { problems: FieldIssue[] }> {
    return this.reorganisations.preview(plan, directiveIds);
  }

  /**
   * Secretariat: applies a reorganisation plan to the directory and to every running directive
   * (or those named), recorded with `actor`; applying the same plan again resumes or repeats it.
   */
  reorganise(plan: unknown, actor: string | AdminActor, directiveIds?: readonly string[]): Promise<ReorganisationOutcome> {
    return this.reorganisations.apply(plan, actor, directiveIds);
  }

  /** Secretariat: cancels a reorganisation scheduled for a later instant (409 once applied). */
  cancelReorganisation(reorganisationId: string): Promise<void> {
    return this.reorganisations.cancel(reorganisationId);
  }

  /** Secretariat: the reorganisations scheduled and applied, newest first, with where each stands. */
  reorganisationList(limit?: number): Promise<ReorganisationRecord[]> {
    return this.reorganisations.list(limit);
  }

  /** Secretariat: the directory's audit trail, newest first (the rows about one unit when given). */
  organisationHistory(unitId?: string, limit?: number): Promise<OrgAuditEntry[]> {
    return this.organisationCommands.history(unitId, limit);
  }

  /** Ancestors of a unit in the directory, nearest first: how a supervisor's reach over the directory is checked. */
  directoryAncestors(unitId: string): Promise<string[]> {
    return this.organisationCommands.ancestors(unitId);
  }

  /**
   * The directory's levels, top first (the 2021 four before any were declared): what an import
   * that declares none (a CSV file, a plain list of units) is validated against.
   */
  organisationLevels(): Promise<readonly LevelDefinition[]> {
    return loadOrganisationLevels(this.pool);
  }

  /** The levels a directive was launched with, top first: what its rollups, pages, reports and CLI options use. */
  directiveLevels(directiveId: string): Promise<readonly LevelDefinition[]> {
    return this.lookups.levelsOf(directiveId);
  }

  /**
   * Secretariat: launches a directive from a spec (YAML/JSON text or an object). Everything is
   * checked before anything starts: the spec's schema, the spec against the organisation, and
   * the times against the clock (issue date, every deadline, reminder and escalation instant;
   * src/domain/directive/launch-check.ts). The directive's row is recorded before its root workflow starts, so
   * a launch under an id already taken is compared with what was launched: the same spec answers
   * `started: false` with the deadlines in force, another spec (root included) is refused with a
   * 409 naming each field that differs.
   */
  launch(specInput: string | Record<string, unknown>, options: Pick<LaunchOptions, 'authorise' | 'actor'> = {}): Promise<LaunchResult> {
    return this.launcher.launch(specInput, options);
  }

  /** Secretariat: a launch's dry run: its checks, units, deadlines and the real instants of its reminders and escalations; nothing is recorded or started. */
  previewLaunch(specInput: string | Record<string, unknown>, options: Pick<LaunchOptions, 'authorise'> = {}): Promise<LaunchPreview> {
    return this.launcher.preview(specInput, options);
  }

  /** Unit: confirms receipt. */
  acknowledge(directiveId: string, unitId: string, actor: string): Promise<UnitView> {
    return this.commands.acknowledge(directiveId, unitId, actor);
  }

  /** Unit: files its completion report. Rejected reports change nothing and say why. */
  report(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.commands.report(directiveId, unitId, report, actor);
  }

  /** Unit: replaces its earlier report. */
  correct(directiveId: string, unitId: string, report: unknown, actor: string): Promise<UnitView> {
    return this.commands.correct(directiveId, unitId, report, actor);
  }

  /**
   * Unit: attaches a file (its plan or minutes) to the report it has filed; a later file replaces it
   * (a correction's), the old one kept, listed as replaced and still downloadable. 409 before any
   * byte is read when the unit has no report yet or its directive is withdrawn.
   */
  async attach(directiveId: string, unitId: string, file: IncomingFile, actor: string): Promise<StoredAttachment> {
    const unit = await this.queries.unit(directiveId, unitId);
    if (unit.withdrawnAt)
      throw new ConflictError(`directive ${directiveId} is closed (withdrawn): nothing more can be recorded for unit ${unitId}`, 'withdrawn');
    if (!unit.report)
      throw new ConflictError(
        `unit ${unitId} has not reported in directive ${directiveId}: an attachment belongs to a report, so file the report first (or send the file with it)`,
        'not-reported',
      );
    return this.attachmentStore.attach(directiveId, unitId, file, actor);
  }

  /**
   * Unit: files its report (or its correction, `correcting`) with a file attached. The file is
   * streamed, judged and stored first, then the report is sent, then the file is listed: a refused
   * file files no report, and a refused report keeps no file.
   */
  async reportWithAttachment(
    directiveId: string,
    unitId: string,
    report: unknown,
    file: IncomingFile,
    actor: string,
    correcting: boolean,
  ): Promise<{ view: UnitView; attachment: StoredAttachment }> {
    const send = (): Promise<UnitView> => (correcting ? this.correct(directiveId, unitId, report, actor) : this.report(directiveId, unitId, report, actor));
    const { sent, ...attachment } = await this.attachmentStore.attachWith(directiveId, unitId, file, actor, send);
    return { view: sent, attachment };
  }

  /** Reader of a unit: the files attached to its report, replaced ones included, oldest first. */
  attachments(directiveId: string, unitId: string): Promise<AttachmentRow[]> {
    return this.attachmentStore.list(directiveId, unitId);
  }

  /** Reader of a unit: one attachment with its bytes, streamed; 404 when the unit has none of that id. */
  openAttachment(directiveId: string, unitId: string, attachmentId: string): Promise<AttachmentDownload> {
    return this.attachmentStore.open(directiveId, unitId, attachmentId);
  }

  /** Superior: extends a unit's deadline to a date, quarter or instant. */
  extend(directiveId: string, unitId: string, to: string, actor: string, reason?: string): Promise<UnitView> {
    return this.commands.extend(directiveId, unitId, to, actor, reason);
  }

  /** Superior: exempts a unit. */
  exempt(directiveId: string, unitId: string, actor: string, reason: string): Promise<UnitView> {
    return this.commands.exempt(directiveId, unitId, actor, reason);
  }

  /**
   * Secretariat: withdraws the directive; it propagates down and everything pending stops. A
   * directive already withdrawn is a 409 saying when (and why), not a second withdrawal.
   */
  withdraw(directiveId: string, actor: string | AdminActor, reason: string): Promise<{ withdrawnAt: string }> {
    return withdrawDirective(this.pool, this.lookups, this.temporal, directiveId, actor, reason);
  }

  /**
   * Supervisor: a committee's whole state. Its own unit and leaf units come from the committee's
   * workflow; the rollups (its subtree's and each child committee's) from PostgreSQL, like
   * `rollup`, because committees tell their parents about changes only every few minutes.
   */
  committee(directiveId: string, unitId?: string): Promise<CommitteeView> {
    return this.queries.committee(directiveId, unitId);
  }

  /**
   * Supervisor: the rollup of a subtree (the whole directive by default), read from the counters
   * PostgreSQL keeps over the unit projection: a change made through this client is in it when
   * the call returns, a change the workflows make on their own (a unit falling overdue) once the
   * committee's journal write lands, normally within a second.
   */
  rollup(directiveId: string, unitId?: string, opts: { asOf?: string } = {}): Promise<RollupView> {
    return this.queries.rollup(directiveId, unitId, opts);
  }

  /**
   * Supervisor: the directive as it stood at `asOf` (ISO), rebuilt from its audit trail with the
   * live engine's rules: rollups, listings and statuses of that instant. `rollup` and `listUnits`
   * take `asOf` too; this is for a caller that reads several of them at one instant.
   */
  stateAsOf(directiveId: string, asOf: string): Promise<CascadeAsOf> {
    return this.queries.stateAsOf(directiveId, asOf);
  }

  /** Supervisor: a committee's view as it stood at `asOf` (ISO), rebuilt from the audit trail (the dashboard's date control). */
  committeeAsOf(directiveId: string, unitId: string, asOf: string): Promise<CommitteeView> {
    return this.queries.committeeAsOf(directiveId, unitId, asOf);
  }

  /** Anyone allowed: one unit's live state, with the directory's member count beside the reported one. */
  unit(directiveId: string, unitId: string): Promise<UnitReadView> {
    return this.queries.unit(directiveId, unitId);
  }

  /**
   * A unit's inbox: every directive whose snapshot holds it (withdrawn ones too), its status,
   * deadline, report and corrections in each, with a fresh report link signed by `signer` for each
   * line it can still file on; where it runs a committee, the units below it that still owe a
   * report (overdue first, with their contacts). NotFoundError when the unit is in no directive and
   * not in the directory.
   */
  inbox(unitId: string, signer: ReportLinkSigner | null = null): Promise<UnitInbox> {
    return readUnitInbox(this.pool, unitId, signer);
  }

  /** Whether the unit gets the weekly digest (and since when it opted out). */
  digestPreference(unitId: string): Promise<DigestPreference> {
    return digestPreference(this.pool, unitId);
  }

  /** The unit itself or the secretariat: opt the unit out of the weekly digest, or back in. NotFoundError for a unit not in the directory. */
  setDigestOptOut(unitId: string, optOut: boolean, actor: string): Promise<DigestPreference> {
    return setDigestOptOut(this.pool, unitId, optOut, actor);
  }

  /** Secretariat: every unit that opted out of the weekly digest, and when. */
  digestOptOuts(): Promise<DigestOptOut[]> {
    return digestOptOuts(this.pool);
  }

  /** Supervisor: units filtered by status, level and subtree, paged, from the projection. */
  listUnits(directiveId: string, filter: UnitFilter = {}): Promise<{ total: number; units: UnitListing[] }> {
    return this.queries.listUnits(directiveId, filter);
  }

  /** The committee workflows of a directive, listed through Temporal's visibility (search attributes). */
  listCommittees(directiveId: string, filter: { level?: string; parent?: string; status?: string } = {}): Promise<string[]> {
    return this.queries.listCommittees(directiveId, filter);
  }

  /** Supervisor: a unit's timeline (received, reminded, reported, escalated, ...) from the audit log. */
  timeline(directiveId: string, unitId: string): Promise<TimelineEntry[]> {
    return this.queries.timeline(directiveId, unitId);
  }

  /** Every launched directive, newest first. */
  directives(): Promise<DirectiveSummary[]> {
    return this.queries.directives();
  }

  /** One launched directive, or null. */
  directive(directiveId: string): Promise<DirectiveSummary | null> {
    return this.queries.directive(directiveId);
  }

  /** Secretariat: the journal entries of a directive PostgreSQL refused for good and the journal set aside (oldest first). */
  quarantine(directiveId: string): Promise<QuarantinedEntry[]> {
    return this.queries.quarantine(directiveId);
  }

  /** A unit as the directive's snapshot holds it (name, level, parent, whether it has units under it). */
  unitInfo(directiveId: string, unitId: string): Promise<SnapshotUnitInfo> {
    return this.queries.unitInfo(directiveId, unitId);
  }

  /** The organisation directory (a subtree when `rootId` is given). */
  organisation(rootId?: string): Promise<OrgUnit[]> {
    return this.queries.organisation(rootId);
  }

  /** The directory as a list: units whose name or id holds `search` (accents aside), of a level, under a unit; ordered by id, paged. */
  async listOrganisation(filter: DirectoryFilter = {}): Promise<{ total: number; units: OrgUnit[] }> {
    return listDirectory(this.pool, await loadOrganisationLevels(this.pool), filter);
  }

  /** Ancestors of a unit in a directive, nearest first; for authorising supervisors by subtree. */
  ancestors(directiveId: string, unitId: string): Promise<string[]> {
    return this.queries.ancestors(directiveId, unitId);
  }

  /** Supervisor: the units of a directive (optionally filtered) as CSV, safe for spreadsheets. */
  exportCsv(directiveId: string, filter: Omit<UnitFilter, 'limit' | 'offset'> = {}): Promise<string> {
    return this.queries.exportCsv(directiveId, filter);
  }

  /**
   * The results report of a subtree (the whole directive by default), from live state. The printable
   * HTML carries the progress chart (none for a directive whose units were merged or split).
   */
  async resultsReport(directiveId: string, opts: { unitId?: string; lang?: 'vi' | 'en'; format?: 'markdown' | 'html' } = {}): Promise<string> {
    const progressChart = opts.format === 'html' ? await this.progressQueries.chartSvg(directiveId, opts) : null;
    return this.queries.resultsReport(directiveId, { ...opts, progressChart });
  }

  /**
   * Supervisor: the results report as DOCX or PDF in the Party's document format (with the progress
   * chart), or its figures and units as an XLSX workbook.
   */
  async resultsReportFile(directiveId: string, opts: Omit<ReportFileOptions, 'chartSvg'>): Promise<ReportFile> {
    const chartSvg = opts.format === 'xlsx' ? null : await this.progressQueries.chartSvg(directiveId, { unitId: opts.unitId, lang: opts.lang });
    return resultsReportFile(this.queries, directiveId, { ...opts, chartSvg });
  }

  /**
   * Supervisor: the progress of a subtree (the whole directive by default) over time: per level, its
   * units expected and the count done at each instant, and its deadline; rebuilt from the audit
   * trail like `stateAsOf`, labelled in `lang`, up to `asOf` (ISO; now by default). 409 for a
   * directive whose units were merged or split.
   */
  progress(directiveId: string, opts: ProgressOptions = {}): Promise<ProgressSeries> {
    return this.progressQueries.series(directiveId, opts);
  }

  /** Supervisor: `progress` drawn as an SVG chart (the dashboard inlines it); null for a directive whose units were merged or split. */
  progressChart(directiveId: string, opts: ProgressOptions = {}): Promise<string | null> {
    return this.progressQueries.chartSvg(directiveId, opts);
  }
}
