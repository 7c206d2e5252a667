/** "Kall inn til samtale": show the form with a proposed time, then call the meeting. */
import { DomainError } from '../../../domain/errors';
import { LOCATION_LIMIT, MEETING_MINUTES } from '../../../domain/meetings';
import { fill, strings } from '../../../i18n';
import { caseCardFor } from '../cards/views';
import { codeText } from '../refusals';
import { caseRefSchema, meetingCallSchema } from '../payloads';
import type { VerbHandler } from './types';

export const meetingPropose: VerbHandler = async (ctx, data) => {
  const p = caseRefSchema.parse(data);
  const { view, proposal } = await ctx.services.meetings.propose(ctx.actor, p.schoolId, p.caseId);
  return caseCardFor(ctx.lang, view, {
    meetingForm: { ...proposal, today: ctx.services.today(), canOnline: ctx.services.calendarKind === 'graph' },
  });
};

export const meetingCall: VerbHandler = async (ctx, data) => {
  const p = meetingCallSchema.parse(data);
  const online = ctx.services.calendarKind === 'graph' && p.meetingOnline;
  const form = { date: p.meetingDate, time: p.meetingTime, minutes: p.meetingMinutes, location: p.meetingLocation, online };
  try {
    return caseCardFor(ctx.lang, await ctx.services.meetings.call(ctx.actor, p.schoolId, p.caseId, form));
  } catch (e) {
    // A field the leader can fix: the same form again, everything typed kept, the problem named.
    if (!(e instanceof DomainError && e.code === 'common.INVALID_INPUT' && e.detail?.field)) throw e;
    const key = `${e.detail.field}_${e.detail.problem}` as keyof ReturnType<typeof strings>['meeting']['errors'];
    const text = strings(ctx.lang).meeting.errors[key] ?? codeText(ctx.lang, 'common.INVALID_INPUT');
    const error = fill(text, { min: MEETING_MINUTES.min, max: MEETING_MINUTES.max, limit: LOCATION_LIMIT });
    const view = await ctx.services.cases.open(ctx.actor, p.schoolId, p.caseId);
    return caseCardFor(ctx.lang, view, {
      meetingForm: { ...form, minutes: Number.isFinite(form.minutes) ? form.minutes : MEETING_MINUTES.default, checked: true, error, today: ctx.services.today(), canOnline: ctx.services.calendarKind === 'graph' },
    });
  }
};
