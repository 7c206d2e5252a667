/** The roster kept in step with the school's list (ROSTER=graph): who is in the class, marks kept by id. */
import { syncWithSchool, under18On, type ClassRecord } from '../../src/domain/pupil-talks';

const roster = (pupils: ClassRecord['roster']['pupils']): ClassRecord => ({
  roster: { tenantId: 't', schoolId: 's', className: '8A', schoolYear: 2026, pupils },
  done: [
    { kind: 'startsamtale', subjectId: 'p-ola', on: '2026-09-01', by: 'kari' },
    { kind: 'klassens_time', subjectId: '2026-09', on: '2026-09-02', by: 'kari' },
  ] as ClassRecord['done'],
  warnings: [{ pupilId: 'p-ola', area: 'orden', on: '2026-10-01', by: 'kari' }] as unknown as ClassRecord['warnings'],
});

describe('syncWithSchool', () => {
  it('an empty roster takes the school’s list, with under 18 from the birth date', () => {
    const r = syncWithSchool(roster([]), [{ id: 'p-ola', name: 'Ola Nordmann', birthDate: '2008-11-24' }, { id: 'p-sara', name: 'Sara Berg' }], { today: '2026-11-25', newcomers: false });
    expect(r.changed).toBe(true);
    expect(r.record.roster.pupils).toEqual([
      { pupilId: 'p-ola', name: 'Ola Nordmann', under18: false, sourceId: 'p-ola' },
      { pupilId: 'p-sara', name: 'Sara Berg', under18: true, sourceId: 'p-sara' },
    ]);
  });

  it('changes nothing when the list is the same', () => {
    const rec = roster([{ pupilId: 'p-ola', name: 'Ola Nordmann', under18: true, sourceId: 'p-ola' }]);
    const r = syncWithSchool(rec, [{ id: 'p-ola', name: 'Ola Nordmann' }], { today: '2026-11-25', newcomers: true });
    expect(r).toEqual({ record: rec, changed: false, added: 0, left: 0 });
  });

  it('links a typed pupil by name (marks kept), follows a new spelling, adds a newcomer, keeps one only she knows', () => {
    const rec = roster([
      { pupilId: 'p-ola', name: 'ola  nordmann', under18: true },
      { pupilId: 'x-1', name: 'Typed Only', under18: true },
    ]);
    const r = syncWithSchool(rec, [{ id: 'g-ola', name: 'Ola Nordmann' }, { id: 'g-new', name: 'Ny Elev' }], { today: '2026-11-25', newcomers: true });
    expect(r.record.roster.pupils).toEqual([
      { pupilId: 'p-ola', name: 'Ola Nordmann', under18: true, sourceId: 'g-ola' },
      { pupilId: 'x-1', name: 'Typed Only', under18: true },
      { pupilId: 'g-new', name: 'Ny Elev', under18: true, sourceId: 'g-new', joinedOn: '2026-11-25' },
    ]);
    expect(r.record.done).toHaveLength(2);
    expect(r.added).toBe(1);
  });

  it('a linked pupil no longer on the list goes with his marks and varsler; the class’s own marks stay', () => {
    const rec = roster([{ pupilId: 'p-ola', name: 'Ola Nordmann', under18: true, sourceId: 'g-ola' }]);
    const r = syncWithSchool(rec, [{ id: 'g-sara', name: 'Sara Berg' }], { today: '2026-11-25', newcomers: false });
    expect(r.record.roster.pupils.map((p) => p.name)).toEqual(['Sara Berg']);
    expect(r.record.done.map((d) => d.kind)).toEqual(['klassens_time']);
    expect(r.record.warnings).toEqual([]);
    expect(r.left).toBe(1);
  });

  it('is 18 from the 18th birthday on', () => {
    expect(under18On('2008-11-25', '2026-11-24')).toBe(true);
    expect(under18On('2008-11-25', '2026-11-25')).toBe(false);
    expect(under18On(undefined, '2026-11-25')).toBe(true);
  });
});
