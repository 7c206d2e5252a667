import { adminChannelOf, channelRoot, reminderChannelFor, type SchoolChannel, type SchoolClass } from '../../src/domain/school';

const ch = (scope: SchoolChannel['scope'], target = ''): SchoolChannel => ({
  tenantId: 't', schoolId: 's', scope, target, conversationId: `19:${scope}${target}@thread.tacv2`, serviceUrl: '', setBy: 'r', setAt: '',
});
const classes: SchoolClass[] = [
  { tenantId: 't', schoolId: 's', name: '8A', trinn: 8 },
  { tenantId: 't', schoolId: 's', name: '9B', trinn: 9 },
];

describe('which channel gets a reminder', () => {
  const all = [ch('skole'), ch('trinn', '8'), ch('klasse', '8A'), ch('admin')];
  it('the class’s own channel first', () => expect(reminderChannelFor(all, '8a', classes)?.conversationId).toBe('19:klasse8A@thread.tacv2'));
  it('else the trinn’s channel', () => expect(reminderChannelFor([ch('skole'), ch('trinn', '8')], '8A', classes)?.scope).toBe('trinn'));
  it('else the school’s channel', () => expect(reminderChannelFor([ch('skole'), ch('trinn', '8')], '9B', classes)?.scope).toBe('skole'));
  it('never the admin channel, and none when the school chose none', () => {
    expect(reminderChannelFor([ch('admin')], '8A', classes)).toBeUndefined();
    expect(reminderChannelFor([], '8A', classes)).toBeUndefined();
  });
  it('the admin channel is only for delivery failures', () => expect(adminChannelOf(all)?.scope).toBe('admin'));
  it('a post goes to the channel, not to the thread the command was written in', () =>
    expect(channelRoot('19:abc@thread.tacv2;messageid=1764000000000')).toBe('19:abc@thread.tacv2'));
});
