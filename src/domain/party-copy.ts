/**
 * «Kopi til foresatte»: the case as the party (the pupil and the parents) may have it. Information
 * about other pupils is not given to the party (forvaltningsloven §§ 13 and 19), so:
 *  - what is about another pupil by design is left out whole: a restorative process between pupils
 *    (elev–elev) is a measure about the other pupil too;
 *  - every free text has the names of other pupils the school knows (the class rosters) replaced,
 *    whole names and each part of them, with the genitive; the party's own pupil's name and its
 *    parts are never touched;
 *  - every free text is counted for the leader's review: names the rosters do not hold, nicknames
 *    and descriptions that point to a pupil are not found by any machine, so a person reads the
 *    copy before it goes out.
 * Pure: the marks are given in the document's language by the caller.
 */
import type { SkolemiljoCase } from './case';
import type { ActivityPlan, Casework, Evaluation, Measure } from './casework-records';

export interface ScreenMarks {
  /** Put where a name was, e.g. "[skjermet]". */
  name: string;
  /** Put instead of a whole field about other pupils, e.g. "[skjermet: opplysninger om andre elever]". */
  field: string;
}

/** What was screened: counts only, never names or text (the case log keeps this). */
export interface Redaction {
  /** Names (or parts of names) of other pupils replaced in free texts. */
  names: number;
  /** Fields left out whole because they are about other pupils. */
  withheld: number;
  /** Free texts with content, each to be read by the leader before the copy goes out. */
  texts: number;
}

export interface PartyCopy {
  case: SkolemiljoCase;
  plans: ActivityPlan[];
  redaction: Redaction;
}

const LETTER = '\\p{L}\\p{N}';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (name: string) => name.split(/[\s-]+/).filter((w) => w.length >= 2);
const key = (s: string) => s.toLocaleLowerCase('nb');

/**
 * Finds other pupils' names in a text. Whole names match in any case; a single part of a name only
 * with its capital letter, so that «Per» goes and the word «per» stays. Parts the party's own name
 * has (a sibling's surname) are kept, and the party's own full name is never matched.
 */
export class NameScreen {
  private readonly full?: RegExp;
  private readonly parts?: RegExp;

  constructor(ownName: string, otherNames: readonly string[]) {
    const own = key(ownName.trim());
    const ownParts = new Set(words(own));
    const others = [...new Set(otherNames.map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n && key(n) !== own))];
    const fulls = others.filter((n) => words(n).length > 1);
    const parts = [...new Set(others.flatMap(words))].filter((p) => !ownParts.has(key(p)));
    const pattern = (terms: string[]) => `(?<![${LETTER}])(?:${terms.sort((a, b) => b.length - a.length).map(escape).join('|')})(?:'?s)?(?![${LETTER}])`;
    if (fulls.length) this.full = new RegExp(pattern(fulls), 'giu');
    if (parts.length) this.parts = new RegExp(pattern(parts), 'gu');
  }

  /** The text with every name found replaced by the mark, and how many were. */
  screen(text: string, mark: string): { text: string; count: number } {
    let count = 0;
    let out = text;
    for (const re of [this.full, this.parts]) {
      if (!re) continue;
      out = out.replace(re, () => {
        count++;
        return mark;
      });
    }
    return { text: out, count };
  }
}

/** The case and its plans as the party may have them, with what was screened counted. */
export function partyCopyOf(c: SkolemiljoCase, plans: readonly ActivityPlan[], screen: NameScreen, marks: ScreenMarks): PartyCopy {
  const redaction: Redaction = { names: 0, withheld: 0, texts: 0 };
  const text = (s: string): string => {
    if (!s.trim()) return s;
    redaction.texts++;
    const r = screen.screen(s, marks.name);
    redaction.names += r.count;
    return r.text;
  };
  const measure = (m: Measure): Measure => {
    if (m.restorative === 'elev_elev') {
      redaction.withheld++;
      return { ...m, description: marks.field, when: text(m.when) };
    }
    return { ...m, description: text(m.description), when: text(m.when) };
  };
  const evaluation = (e: Evaluation): Evaluation => ({
    ...e,
    note: text(e.note),
    ...(e.earlyReason !== undefined ? { earlyReason: text(e.earlyReason) } : {}),
    ...(e.dialogue
      ? { dialogue: { pupil: { ...e.dialogue.pupil, why: text(e.dialogue.pupil.why) }, parents: { ...e.dialogue.parents, why: text(e.dialogue.parents.why) }, teacher: { ...e.dialogue.teacher, why: text(e.dialogue.teacher.why) } } }
      : {}),
  });
  const r = c.report;
  const report = { ...r, observed: text(r.observed), kindOther: text(r.kindOther), where: text(r.where), intervention: text(r.intervention), pupilInformedWhy: text(r.pupilInformedWhy) };
  const w = c.work;
  // The plan being written is not part of the case the party gets.
  const work = w && {
    ...withoutDraft(w),
    ...(w.investigation ? { investigation: { ...w.investigation, findings: text(w.investigation.findings) } } : {}),
    evaluations: w.evaluations.map(evaluation),
    ...(w.closure ? { closure: { ...w.closure, note: text(w.closure.note) } } : {}),
  };
  const copy: SkolemiljoCase = { ...c, report, escalation: { ...c.escalation, note: text(c.escalation.note) }, ...(work ? { work } : {}) };
  const copiedPlans = plans.map((p) => ({
    ...p,
    problem: text(p.problem),
    measures: p.measures.map(measure),
    pupilView: text(p.pupilView),
    parentsView: text(p.parentsView),
    bestInterests: text(p.bestInterests),
    ...(p.notChosenWhy !== undefined ? { notChosenWhy: text(p.notChosenWhy) } : {}),
  }));
  return { case: copy, plans: copiedPlans, redaction };
}

const withoutDraft = ({ planDraft: _draft, ...w }: Casework): Casework => w;
