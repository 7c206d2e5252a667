/**
 * The case as one person may see it: the view model a case card is drawn from. The use cases
 * build it (app/case-view.ts) and hand it down, through the notify port, to the adapter that
 * renders and sends it, so nothing below has to call back up for it.
 */
import type { SkolemiljoCase } from './case';
import type { ActivityPlan } from './casework';
import type { Membership } from './people';
import type { CaseView, NoticeKind } from './routing';
import type { ArchiveState } from './archive-jobs';

export interface CaseForViewer {
  case: SkolemiljoCase;
  view: CaseView;
  viewer: Membership | undefined;
  /** Leaders rektor may forward to, when the viewer may forward. */
  leaders: Membership[];
  /** Everyone who may act on the card now (for per-user card views). */
  actors: string[];
  staffNames: Record<string, string>;
  /** The latest aktivitetsplan, for those who see the case in full. */
  plan?: ActivityPlan;
  /** Whether this viewer is offered «Last ned» (the export is set up and the access rule allows it). */
  mayExport?: boolean;
  /** A fresh single-use download link, only in the answer to «Last ned». */
  exportUrl?: string;
  /** The school's name (the school owner's card says which school). */
  schoolName: string;
  /** Roles the case must reach that nobody at the school holds now (the card says so honestly). */
  unreached: ('rektor' | 'skoleeier')[];
  /** Where the case is in the school's archive («Arkivert i Websak: 2026/1234-3»), for those who see it in full, when the archive is on. */
  archive?: ArchiveState & { systemName: string };
}

/** Notices that show the recipient the case as they may see it (the others are short, fixed cards). */
const OWN_VIEW: ReadonlySet<NoticeKind> = new Set<NoticeKind>(['rektor', 'skoleeier', 'leder', 'miljoteam']);
export const showsCaseToViewer = (kind: NoticeKind): boolean => OWN_VIEW.has(kind);
