/** `cascade digest ...`: the weekly digest's opt-outs, per unit. */
import type { DigestPreference } from '../../app/digest-opt-outs';
import { flag, positional, stringOption } from '../args';
import { ACTOR_OPTION, JSON_OPTION, type Command } from '../command';
import { cliActor } from './org';
import { printJson, table, viDateTime, type Output } from '../output';

function printPreference(output: Output, p: DigestPreference): void {
  output.out(
    p.optedOut
      ? `${p.unitId} gets no weekly digest (opted out ${viDateTime(p.optedOutAt ?? '')}).`
      : `${p.unitId} gets the weekly digest (Mondays 07:00 Vietnam time, when it has units below it overdue or due).`,
  );
}

function preferenceCommand(optOut: boolean): Command {
  return {
    name: optOut ? 'digest opt-out' : 'digest opt-in',
    summary: optOut ? 'Stop the weekly digest to a unit.' : 'Send the weekly digest to a unit again.',
    positionals: [{ name: 'UNIT', description: 'the unit id' }],
    options: { actor: ACTOR_OPTION, json: JSON_OPTION },
    details: [
      'The weekly digest goes to each committee every Monday at 07:00 Vietnam time (the first working day of the week when',
      'Monday is off): its overdue units below and what falls due in the week. A unit can also opt out from its inbox page.',
      `Example: cascade digest ${optOut ? 'opt-out' : 'opt-in'} QN-HL`,
    ],
    async run(ctx, args) {
      const unitId = positional(args, 'UNIT');
      const actor = cliActor(ctx, stringOption(args, 'actor'));
      const preference = await (await ctx.client({ temporal: false })).setDigestOptOut(unitId, optOut, actor);
      if (flag(args, 'json')) printJson(ctx.output, preference);
      else printPreference(ctx.output, preference);
    },
  };
}

/** `cascade digest opt-out UNIT`. */
export const digestOptOutCommand = preferenceCommand(true);
/** `cascade digest opt-in UNIT`. */
export const digestOptInCommand = preferenceCommand(false);

/** `cascade digest opt-outs`: who opted out of the weekly digest, and when. */
export const digestOptOutsCommand: Command = {
  name: 'digest opt-outs',
  summary: 'The units that opted out of the weekly digest, when, and who set it.',
  positionals: [],
  options: { json: JSON_OPTION },
  details: ['Earliest first. The same list: GET /api/digest/opt-outs (secretariat).'],
  async run(ctx, args) {
    const optOuts = await (await ctx.client({ temporal: false })).digestOptOuts();
    if (flag(args, 'json')) return printJson(ctx.output, { optOuts });
    if (optOuts.length === 0) return ctx.output.out('No unit opted out of the weekly digest.');
    ctx.output.out(
      table(
        ['unit', 'name', 'opted out', 'by'],
        optOuts.map((o) => [o.unitId, o.name ?? '', viDateTime(o.optedOutAt), o.actor]),
      ),
    );
  },
};
