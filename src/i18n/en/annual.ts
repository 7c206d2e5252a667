import type { texts as nb } from '../nb/annual';

/** The annual routine tasks. */
export const texts: typeof nb = {
  annual: {
    title: 'The school-environment year wheel – {school}',
    intro: 'Recurring tasks in the school year {years} (the school-environment plan, ch. 3, 4 and 7). Each task is posted in the school’s channel on its day.',
    off: '(switched off)',
    edit: 'Edit the year wheel',
    editTitle: 'Edit the year wheel – {school}',
    editIntro: 'Move a task by choosing a new date, or switch it off. At the bottom you can add a task of your own.',
    active: 'In the year wheel',
    newHeading: 'New task (optional)',
    newTitle: 'Task',
    newDate: 'Date',
    newDescription: 'Description',
    remove: 'Remove own tasks that are switched off',
    back: 'Back to the year wheel',
    save: 'Save the year wheel',
    saved: 'The year wheel is saved.',
    notAllowed: 'Only the principal or the school’s administrator can edit the year wheel. Nothing was changed.',
    notStaff: 'The year wheel is for staff at the school.',
    postTitle: 'Year wheel: {title}',
    noChannel: 'Write “@Meld fra channel school” in the channel where the tasks are to be posted.',
    errors: { required: 'Required.', invalid: 'Invalid date.', tooLong: 'Cannot be longer than {limit} characters.', tooMany: 'At most {limit} tasks.' },
    tasks: {
      kap12_ansatte: ['Information about chapter 12 for all staff', 'All staff get shared information about chapter 12 at the start of the school year (planning week).'],
      kap12_elever: ['Information about chapter 12 for the pupils', 'All pupils get information about chapter 12 at the start of school. The classes make class rules and build a good class community.'],
      kap12_foresatte: ['Information about chapter 12 at parents’ meetings', 'All parents get information about chapter 12 at the autumn parents’ meetings.'],
      sosiogram_host: ['Sociogram and relationship mapping (autumn)', 'Regular surveys each semester: sociogram/relationship mapping in every class.'],
      utviklingssamtaler_host: ['Development conversations (autumn)', 'Development conversations twice a year. A safe and good school environment is a topic for every pupil.'],
      elevundersokelsen: ['Follow-up of the Pupil Survey', 'The leadership analyses the results and presents them to the teams. The classes choose measures; the pupil council and FAU take part.'],
      sosiogram_var: ['Sociogram and relationship mapping (spring)', 'Regular surveys each semester: sociogram/relationship mapping in every class.'],
      utviklingssamtaler_var: ['Development conversations (spring)', 'Development conversations twice a year. A safe and good school environment is a topic for every pupil.'],
      evaluering_plan: ['Evaluation of the school-environment plan', 'The plan is evaluated every year before the summer holiday by the pupil council, the staff, FAU and the board. The leadership updates it before the new school year.'],
    },
  },
};
