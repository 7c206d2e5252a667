/**
 * The whole case as one document for the school's archive (SPEC §3.1.6): report, routing
 * decisions, investigation, every plan version, evaluations, meetings and the case log, in the
 * school's language form (bokmål or nynorsk). The document model is rendered by an adapter (PDF).
 */
import type { LogEntry, SkolemiljoCase } from '../domain/case';
import type { ActivityPlan, Evaluation } from '../domain/casework';
import type { School } from '../domain/school';
import { fill, strings } from '../i18n';
import type { ArchiveDocument, ArchiveSection } from './archive-model';
import { formatDate, formatDateAndClock, formatWhen } from './format';

export interface ArchiveInput {
  case: SkolemiljoCase;
  plans: ActivityPlan[];
  log: LogEntry[];
  school: School | undefined;
  staffNames: Record<string, string>;
  printedBy: string;
  now: Date;
  /** «Kopi til foresatte»: the party's copy, already screened (party-copy.ts), with its own title and line. */
  copy?: boolean;
}

export function buildArchive(i: ArchiveInput): ArchiveDocument {
  const lang: 'nb' | 'nn' = i.school?.languageForm === 'nn' ? 'nn' : 'nb';
  const t = strings(lang);
  const a = t.archive;
  const cc = t.caseCard;
  const w = t.work;
  const c = i.case;
  const r = c.report;
  const name = (id: string) => i.staffNames[id] ?? (id ? '–' : '');
  const when = (iso: string) => formatWhen(iso, lang);
  const date = (d: string) => formatDate(d, lang);
  // One sentence: only the first label keeps its capital letter.
  const lower = (x: string) => (/^[A-ZÆØÅ][a-zæøå]/.test(x) ? x.charAt(0).toLowerCase() + x.slice(1) : x);
  const list = (codes: readonly string[], labels: Record<string, string>) =>
    codes.length ? codes.map((x, i) => (i === 0 ? (labels[x] ?? x) : lower(labels[x] ?? x))).join(', ') : cc.none;

  const sections: ArchiveSection[] = [
    {
      heading: a.report,
      facts: [
        [cc.pupil, r.pupilName],
        [cc.class, r.pupilClass],
        [cc.reportedBy, name(c.reporterId)],
        [cc.reportedAt, when(c.createdAt)],
        [cc.kinds, list(r.kinds, t.report.kindLabels) + (r.kindOther ? ` (${r.kindOther})` : '')],
        [cc.whereWhen, `${r.where}, ${formatDateAndClock(r.date, r.time, lang)}`],
        [cc.source, t.report.sourceLabels[r.source]],
        [cc.signs, list(r.signs, t.report.signLabels)],
        [cc.intervened, r.intervened ? `${t.yes}: ${r.intervention}` : t.no],
        [cc.pupilInformed, t.report.informedLabels[r.pupilInformed] + (r.pupilInformedWhy ? ` (${r.pupilInformedWhy})` : '')],
        [cc.vulnerabilities, list(r.vulnerabilities, t.report.vulnerabilityLabels)],
      ],
      paragraphs: [`${a.observed}:\n${r.observed}`],
    },
    {
      heading: a.routing,
      facts: [
        [a.route, a.routes[c.route]],
        ...(c.forwardedAt ? ([[a.forwarded, `${name(c.leaderId)}, ${when(c.forwardedAt)}`]] as [string, string][]) : []),
        [a.escalation, a.escalationStates[c.escalation.state] + (c.escalation.at ? `, ${when(c.escalation.at)}` : '') + (c.escalation.note ? `: ${c.escalation.note}` : '')],
        ...(c.investigationDue && c.route !== 'ledelse' ? ([[cc.investigationDue, date(c.investigationDue)]] as [string, string][]) : []),
        ...(c.work?.members.length ? ([[a.members, c.work.members.map((m) => `${name(m.userId)} (${when(m.at)})`).join(', ')]] as [string, string][]) : []),
      ],
    },
  ];

  const inv = c.work?.investigation;
  if (inv) {
    sections.push({
      heading: a.investigation,
      facts: [
        [a.methods, list(inv.methods, w.methods)],
        [w.investigation, fill(w.investigationDone, { date: when(inv.recordedAt), name: name(inv.recordedBy) })],
      ],
      paragraphs: [`${w.findings}:\n${inv.findings}`],
    });
  }

  if (i.plans.length) {
    sections.push({
      heading: a.plans,
      // The pupil's and the parents' rights go with the plan (opplæringslova §§ 12-4 and 12-6).
      paragraphs: [`${w.rightsTitle}:\n${w.rights}`],
      subsections: i.plans.map((p) => ({
        heading: fill(a.planHeading, { version: p.version, date: when(p.createdAt), name: name(p.createdBy) }),
        // The problem first, then the measures, then the evaluation date and the views.
        facts: [[w.problemShort, p.problem]],
        table: {
          columns: a.measuresColumns,
          rows: p.measures.map((m) => [w.levels[m.level] + (m.restorative ? ` (${w.restorativeShort[m.restorative]})` : ''), m.description, m.when, name(m.responsibleId)]),
        },
        subsections: [
          {
            heading: w.viewsHeading,
            facts: [
              [w.evaluationDateLabel, date(p.evaluationDate)],
              [w.pupilViewLabel, p.pupilView],
              [w.parentsViewLabel, p.parentsView || a.none],
              [w.bestInterestsLabel, p.bestInterests],
              ...(p.proposalsNotChosen ? ([[w.proposalsLabel, p.proposalsNotChosen === 'ja' ? `${t.yes}: ${p.notChosenWhy ?? ''}` : t.no]] as [string, string][]) : []),
            ],
          },
        ],
      })),
    });
  }

  const evaluations = c.work?.evaluations ?? [];
  if (evaluations.length) {
    sections.push({
      heading: a.evaluations,
      table: {
        columns: [...a.evaluationColumns, a.dialogueColumn],
        rows: evaluations.map((e) => [when(e.at), `v${e.planVersion}`, w.outcomes[e.outcome], e.note, date(e.nextEvaluationDate), dialogueText(e, lang)]),
      },
    });
  }

  const meetings = c.meetings ?? [];
  if (meetings.length) {
    sections.push({
      heading: a.meetings,
      table: {
        columns: a.meetingColumns,
        rows: meetings.map((m) => [when(m.start), a.purposes[m.purpose], [m.organizerId, ...m.attendeeIds].map(name).join(', '), t.meeting.statusLabels[m.status]]),
      },
    });
  }

  const closure = c.work?.closure;
  if (closure) sections.push({ heading: a.closure, paragraphs: [fill(w.closed, { date: when(closure.at), name: name(closure.by) }), ...(closure.note ? [closure.note] : [])] });

  sections.push({
    heading: a.log,
    table: { columns: a.logColumns, rows: i.log.map((e) => [when(e.at), name(e.actorId), a.actions[e.action] ?? e.action]) },
  });

  return {
    lang,
    title: fill(i.copy ? a.copyTitle : a.title, { ref: c.ref }),
    school: i.school?.name ?? c.schoolId,
    confidentiality: i.copy ? a.copyConfidentiality : a.confidentiality,
    generated: fill(a.generated, { date: when(i.now.toISOString()), name: i.printedBy }),
    pageLabel: a.page,
    sections,
  };
}

/** Who took part in the evaluation, and why it came before its date (004 §8.7). */
function dialogueText(e: Evaluation, lang: 'nb' | 'nn'): string {
  const w = strings(lang).work;
  const part = (p: { tookPart: boolean; why: string }) => (p.tookPart ? strings(lang).yes.toLowerCase() : fill(w.notTookPart, { why: p.why }));
  const parts = e.dialogue ? fill(w.dialogueSummary, { pupil: part(e.dialogue.pupil), parents: part(e.dialogue.parents), teacher: part(e.dialogue.teacher) }) : '';
  return [parts, e.earlyReason ? fill(w.earlySummary, { reason: e.earlyReason }) : ''].filter(Boolean).join(' ');
}
