/** `--attach FILE` of `cascade report` and `cascade correct`: the plan or minutes, streamed from disk, never read whole. */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingFile, StoredAttachment } from '../app/attachments';
import { formatEnNumber } from '../domain/text/numbers';
import type { OptionSpec, ParsedArgs } from './args';
import { BadInputError } from './errors';

/** The option as help lists it. */
export const ATTACH_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  description: 'attach the plan or minutes (PDF, DOCX, PNG or JPEG, at most 20 MB; a correction’s replaces the earlier file)',
};

/** The file `--attach` names, opened as a stream, or null without the option; a missing or unreadable file is bad input. */
export function attachedFile(args: ParsedArgs): IncomingFile | null {
  const given = args.options.attach;
  if (typeof given !== 'string') return null;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(given);
  } catch {
    throw new BadInputError(`--attach: cannot read ${given}: no such file`);
  }
  if (!stat.isFile()) throw new BadInputError(`--attach: ${given} is not a file`);
  return { name: path.basename(given), content: fs.createReadStream(given, { highWaterMark: 256 * 1024 }) };
}

/** One line about the file stored. */
export function attachmentLine(stored: StoredAttachment): string {
  const a = stored.attachment;
  const replaced = stored.replaced ? `, replacing attachment ${stored.replaced} (kept)` : '';
  return `Attached ${a.name} (${formatEnNumber(a.size)} bytes, ${a.contentType}) as attachment ${a.id}${replaced}.`;
}
