import type { texts as nb } from '../nb/complaint';

/** Choosing which complaint routine applies. */
export const texts: typeof nb = {
  complaint: {
    title: 'Complaint',
    intro: 'Choose what the complaint is about, and I will show you what to do.',
    about: 'The complaint is about',
    kinds: {
      undervisning: 'The teaching in a subject (complaint from pupils)',
      ansatt: 'A member of staff (complaint from pupils or parents)',
      krenker_elev: 'Suspicion that a member of staff is offending a pupil',
    },
    next: 'Continue',
    colleagueTitle: 'Staff do not take complaints about colleagues',
    colleague:
      'No member of staff takes complaints from pupils or parents about colleagues. Ask them to go directly to the person concerned. If that does not help, or the matter is especially serious, the complaint goes to the head of department.',
    leaderTitle: 'How a complaint about a member of staff is handled',
    leaderSteps:
      '1. Talk with the complainant, ask for the complaint in writing and explain what happens next.\n2. Tell the employee about the complaint at once.\n3. Call the employee to a conversation; recommend that their union representative comes.\n4. If the employee finds the complaint groundless, the leadership tells the complainant.\n5. Joint meeting with the employee (and representative) and the complainant: write down and sign what the parties agree.\n6. If they do not agree: consider measures, such as a mentor within an agreed area and a written agreement, evaluated after an agreed time. If further meetings are needed, the union representative must be present.\n7. If the employee rejects the complaint or the mentoring: a meeting with the representative present, with minutes (date, participants, each side’s view).',
    pupilTitle: 'Stricter duty to act (Education Act § 12-5)',
    pupil:
      'When anyone who works at the school suspects or knows that a member of staff is offending a pupil, the principal must be told at once. If it is someone in the school’s leadership, the school owner is told directly: answer yes to that question in the form. Press “Report now”. The form is already filled in with a member of staff suspected.',
    reportNow: 'Report now',
    teachingTitle: 'Complaint about teaching',
    teaching:
      'Complaints about teaching follow the school’s five steps:\n1. A conversation with the subject teacher.\n2. A meeting of the teacher and the class representative, with minutes the parties approve, and a follow-up meeting three weeks later.\n3. If things do not improve: a written complaint to the leader responsible for pupil follow-up, with the minutes attached.\n4. The leader informs the teacher, talks with each of them, and holds a joint meeting.\n5. The principal handles the case from the minutes and proposed solutions.',
  },
};
