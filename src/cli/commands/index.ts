/** Every `cascade` command, in the order `cascade --help` lists them. */
import type { Command } from '../command';
import { accessLogCommand } from './access-log';
import { auditCommand } from './audit';
import { tokenCommand } from './token';
import { calendarApplyCommand, calendarCommand } from './calendar';
import { credentialsCommand, revokeCommand, revokeLinksCommand } from './credentials';
import { directivesCommand, launchCommand, withdrawCommand } from './directives';
import { inboxCommand } from './inbox';
import { digestOptInCommand, digestOptOutCommand, digestOptOutsCommand } from './digest';
import { orgImportCommand, orgShowCommand } from './org';
import { orgListCommand } from './org-list';
import { orgAddCommand, orgEditCommand, orgExportCommand, orgHistoryCommand, orgRemoveCommand } from './org-edit';
import { peopleAddCommand, peopleDisableCommand, peopleListCommand, revokeSessionCommand, sessionsCommand } from './people';
import { quarantineCommand } from './quarantine';
import { secretReadsCommand } from './secret-reads';
import { reorgCommand, reorgsCommand } from './reorg';
import { exportCommand, summaryCommand } from './results';
import { simulateCommand } from './simulate';
import { statusCommand } from './status';
import { acknowledgeCommand, correctCommandSpec, exemptCommand, extendCommand, reportCommandSpec } from './unit-actions';

/** The commands, grouped as the help shows them. */
export const COMMAND_GROUPS: ReadonlyArray<{ title: string; commands: readonly Command[] }> = [
  {
    title: 'Secretariat',
    commands: [
      orgImportCommand,
      orgShowCommand,
      orgListCommand,
      orgEditCommand,
      orgAddCommand,
      orgRemoveCommand,
      orgExportCommand,
      orgHistoryCommand,
      reorgCommand,
      reorgsCommand,
      launchCommand,
      simulateCommand,
      withdrawCommand,
      calendarCommand,
      calendarApplyCommand,
      directivesCommand,
      quarantineCommand,
      digestOptOutsCommand,
      credentialsCommand,
      revokeCommand,
      revokeLinksCommand,
      peopleAddCommand,
      peopleListCommand,
      peopleDisableCommand,
      sessionsCommand,
      revokeSessionCommand,
      accessLogCommand,
      secretReadsCommand,
      auditCommand,
      tokenCommand,
    ],
  },
  { title: 'Units', commands: [inboxCommand, acknowledgeCommand, reportCommandSpec, correctCommandSpec, digestOptOutCommand, digestOptInCommand] },
  { title: 'Superiors and supervisors', commands: [extendCommand, exemptCommand, statusCommand, exportCommand, summaryCommand] },
];

/** All commands. */
export const COMMANDS: readonly Command[] = COMMAND_GROUPS.flatMap((g) => g.commands);
