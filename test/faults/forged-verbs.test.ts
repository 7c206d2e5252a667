/**
 * The forged-action harness (scripts/faults/forged-verbs.ts): every verb of the handler map, read
 * from the map itself, forged by a pupil, staff without the role, rektor of another school,
 * another tenant, with another record's ids, with a stale stage and as a replay, each with the ids
 * of real records and with ids never stored — through the real endpoint and Azurite (one server for
 * the file). Expected for every verb: no table changes, none of the seeded pupil names, texts or
 * references in any reply, and the same reply whether the record exists or not.
 */
import { VERBS } from '../../src/adapters/teams/handlers';
import { FORGED_KINDS, runForgedVerbs, type ForgedResult } from '../../scripts/faults/forged-verbs';

let r: ForgedResult;
beforeAll(async () => {
  r = await runForgedVerbs();
}, 900_000);

/** What a Teams user reads when a record is not there for them (nb, as the bot words it to staff). */
const NOT_FOUND = /Fant ikke saken/;

describe('H1 (issue 13): TeachingComplaints read a complaint without asking who asks', () => {
  it('«tc.next» with {schoolId, complaintId, stage: 5} as pupil Emma gets «not found», the same as for an unknown id, and nothing of the complaint', () => {
    expect(r.h1.pupil).toMatch(NOT_FOUND);
    expect(r.h1.pupil).toBe(r.h1.pupilUnknownId);
    for (const secret of r.h1.secrets.split('|')) expect(r.h1.pupil).not.toContain(secret);
  });
  it('the same request as rektor of another school (Eva) gets «not found», the same as for an unknown id', () => {
    expect(r.h1.otherRektor).toMatch(NOT_FOUND);
    expect(r.h1.otherRektor).toBe(r.h1.otherRektorUnknownId);
    for (const secret of r.h1.secrets.split('|')) expect(r.h1.otherRektor).not.toContain(secret);
  });
  it('changes nothing, while the avdelingsleder who registered it still sees his complaint with that stale stage (the request is a real one)', () => {
    expect(r.h1.changes).toBe('');
    expect(r.h1.registrar).toContain('Matematikk');
    expect(r.h1.registrar).not.toMatch(NOT_FOUND);
  });
});

describe('L1 (issue 13): a refusal named whom to ask only for cases that exist', () => {
  it.each(['case.forward', 'case.serious', 'work.investigation.save', 'tc.next', 'pk.inform', 'leave.grant'])(
    '%s by staff with no part in it: «not found» with nobody to ask, word for word as for a missing id',
    (verb) => {
      const row = r.rows.find((x) => x.verb === verb && x.kind === 'as staff without the role')!;
      expect(row.answer).toMatch(NOT_FOUND);
      expect(row.answer).not.toMatch(/Spør /);
      expect(row.answer).toBe(row.missingAnswer);
    },
  );
});

describe('«oversikt» (issue 17) takes no school from the card', () => {
  it('«overview.csv» with Ellingsrud\'s ids, sent by Eva (rektor of Nordberg), gives her Nordberg\'s figures and nothing of Ellingsrud', () => {
    const row = r.rows.find((x) => x.verb === 'overview.csv' && x.kind === 'as rektor of another school')!;
    expect(row.answer).toContain('Nordberg skole');
    expect(row.answer).not.toContain('Ellingsrud');
  });
  it.each(['as a pupil', 'as staff without the role', 'from another tenant'] as const)('%s: refused, with no figures', (kind) => {
    const row = r.rows.find((x) => x.verb === 'overview.csv' && x.kind === kind)!;
    expect(row.answer).not.toMatch(/Meldinger mottatt|Last ned som CSV/);
  });
});

describe('the harness', () => {
  it('forges every verb of the handler map, all seven kinds, twice each', () => {
    expect(r.verbs).toEqual(Object.keys(VERBS));
    expect(r.rows).toHaveLength(Object.keys(VERBS).length * FORGED_KINDS.length);
  });
  it('seeds records whose names and texts the rightful people do read (so the search for them below is not empty)', () => {
    expect(r.controls.case).toContain('Hemmeligsen');
    expect(r.controls.teachingComplaint).toContain('HEMMELIG');
    expect(r.controls.staffComplaint).toContain('Hemmeligsen');
  });
});

describe.each(Object.keys(VERBS))('%s', (verb) => {
  it('no table changes from any forged request', () => expect(r.changes[verb]).toEqual([]));
  it.each([...FORGED_KINDS])('%s: no byte of another record, and the same answer for an existing and a missing id', (kind) => {
    const row = r.rows.find((x) => x.verb === verb && x.kind === kind)!;
    expect({ verb, kind, leaked: row.leaked }).toEqual({ verb, kind, leaked: [] });
    expect(row.answer).toBe(row.missingAnswer);
  });
});
