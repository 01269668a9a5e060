/** `--level LEVEL` of the commands that read one directive: a level of that directive, whatever the directory holds now. */
import type { CascadeClient } from '../app/cascade-client';
import { levelNames } from '../domain/org/levels';
import { stringOption, UsageError, type CommandShape, type ParsedArgs } from './args';

/**
 * The `--level` option checked against the levels `directiveId` was launched with (levels are
 * data: the 2021 shape has district, the 2025 shape commune); undefined when not given. Another
 * value is a UsageError listing the directive's levels.
 */
export async function directiveLevelOption(args: ParsedArgs, client: CascadeClient, directiveId: string, shape: CommandShape): Promise<string | undefined> {
  const value = stringOption(args, 'level')?.normalize('NFC');
  if (value === undefined) return undefined;
  const names = levelNames(await client.directiveLevels(directiveId));
  if (!names.includes(value))
    throw new UsageError(`--level must be one of ${names.join(', ')} (the levels of directive ${directiveId}), got "${value}"`, shape);
  return value;
}
