/**
 * "@Meld fra kanal trinn 8" in a Teams channel: rektor (or the school's admin) chooses which
 * channel gets deadline reminders for the school, a trinn or a class, and which one hears about
 * deliveries that failed. Who may do it is looked up here, never taken from the message.
 */
import { hasRole } from '../domain/people';
import { channelRoot, type ChannelScope, type School, type SchoolChannel, type SchoolClass } from '../domain/school';
import type { Clock, Directory } from '../ports';
import type { Actor } from './actor';

export interface ChannelDirectory extends Directory {
  listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]>;
  setChannel(c: SchoolChannel): Promise<void>;
}

export type ChannelResult =
  | { kind: 'set'; school: School; channel: SchoolChannel }
  | { kind: 'list'; school: School; channels: SchoolChannel[] }
  | { kind: 'unknownTarget'; school: School; scope: ChannelScope; target: string }
  | { kind: 'notAllowed' }
  | { kind: 'severalSchools' };

export class SchoolChannels {
  constructor(private readonly d: { directory: ChannelDirectory; clock: Clock }) {}

  /** With no scope: what the school has chosen so far. */
  async choose(actor: Actor, scope: ChannelScope | undefined, target: string, where: { conversationId: string; serviceUrl: string }): Promise<ChannelResult> {
    const ms = (await this.d.directory.membershipsOf(actor.tenantId, actor.userId)).filter((m) => hasRole(m, 'rektor') || hasRole(m, 'admin'));
    if (ms.length === 0) return { kind: 'notAllowed' };
    if (ms.length > 1) return { kind: 'severalSchools' };
    const school = await this.d.directory.getSchool(actor.tenantId, ms[0].schoolId);
    if (!school) return { kind: 'notAllowed' };
    if (!scope) return { kind: 'list', school, channels: await this.d.directory.listChannels(school.tenantId, school.schoolId) };
    const classes = await this.d.directory.listClasses(school.tenantId, school.schoolId);
    const name = normalisedTarget(scope, target, classes);
    if (name === undefined) return { kind: 'unknownTarget', school, scope, target };
    const channel: SchoolChannel = {
      tenantId: school.tenantId,
      schoolId: school.schoolId,
      scope,
      target: name,
      conversationId: channelRoot(where.conversationId),
      serviceUrl: where.serviceUrl,
      setBy: actor.userId,
      setAt: this.d.clock.now().toISOString(),
    };
    await this.d.directory.setChannel(channel);
    return { kind: 'set', school, channel };
  }
}

/** The trinn or class as the school writes it, or undefined when the school has no such one. */
function normalisedTarget(scope: ChannelScope, target: string, classes: SchoolClass[]): string | undefined {
  switch (scope) {
    case 'skole':
    case 'admin':
      return '';
    case 'trinn':
      return classes.some((k) => String(k.trinn) === target) ? target : undefined;
    case 'klasse':
      return classes.find((k) => k.name.toUpperCase() === target.toUpperCase())?.name;
  }
}
