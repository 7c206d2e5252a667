/**
 * «Kopi til foresatte»: the leader reads the party's copy as it will be printed, with what was
 * screened marked, and approves it; only the answer to the approval carries the link to the PDF.
 */
import type { ArchiveSection } from '../../../app/archive-model';
import { formatWhen } from '../../../app/format';
import type { PartyCopyView } from '../../../app/party-copy';
import { fill, strings, type Lang } from '../../../i18n';
import { EXPORT_LINK_MINUTES } from '../../export/export-links';
import { action, field, formModel, type Field } from './form';
import { clip, renderFitting, type Card } from './render';

/**
 * The copy's text as lines of the card: each section's heading, then its facts, paragraphs and
 * table rows, each at most `max` characters (0: the headings alone).
 */
function sectionFields(s: ArchiveSection, max: number): Field[] {
  const text = (label: string) => field({ kind: 'paragraph', label: clip(label, max) });
  const lines = max
    ? [...(s.facts ?? []).map(([label, value]) => text(`${label}: ${value}`)), ...(s.paragraphs ?? []).map(text), ...(s.table?.rows ?? []).map((row) => text(row.filter(Boolean).join(' · ')))]
    : [];
  return [field({ kind: 'heading', label: s.heading }), ...lines, ...(s.subsections ?? []).flatMap((x) => sectionFields(x, max))];
}

/** The longest a line of the copy may be on the card, from whole down to the headings alone, until the card fits. */
const LINE_LENGTHS = [Infinity, 600, 150, 0];

export function partyCopyCard(lang: Lang, v: PartyCopyView): Card {
  const t = strings(lang).work;
  const k = t.copy;
  const r = v.redaction;
  // The log is the school's own record of who did what; it holds no text about pupils to read.
  const sections = v.doc.sections.slice(0, -1);
  const info = v.approvedAt ? fill(k.approved, { date: formatWhen(v.approvedAt, lang), minutes: EXPORT_LINK_MINUTES }) : '';
  const model = (max: number) =>
    formModel({
      title: fill(k.title, { ref: v.case.ref }),
      subtitle: v.doc.confidentiality,
      // The mark as the copy prints it: in the school's language form, whatever the reader's.
      intro: fill(k.intro, { mark: strings(v.doc.lang).archive.screenedName }),
      hint: [info, max < LINE_LENGTHS[0] ? k.shortened : ''].filter(Boolean).join(' '),
      error: v.changed ? k.changed : '',
      facts: [
        { title: k.names, value: String(r.names) },
        { title: k.withheld, value: String(r.withheld) },
        { title: k.texts, value: String(r.texts) },
      ],
      fields: sections.flatMap((s) => sectionFields(s, max)),
      data: { schoolId: v.case.schoolId, caseId: v.case.caseId, digest: v.digest },
      caseId: v.case.caseId,
      actions: [...(v.url ? [] : [action(k.approve, 'case.copy.approve', 'positive')]), action(t.buttons.cancel, 'case.refresh')],
      footLinks: v.url ? [{ title: k.open, url: v.url }] : [],
    });
  return renderFitting('work-form', LINE_LENGTHS.map(model));
}
