import type { Strings } from '../nb';
import { texts as common } from './common';
import { texts as report } from './report';
import { texts as cases } from './cases';
import { texts as casework } from './casework';
import { texts as archive } from './archive';
import { texts as talks } from './talks';
import { texts as leave } from './leave';
import { texts as annual } from './annual';
import { texts as complaint } from './complaint';
import { texts as staffComplaint } from './staff-complaint';
import { texts as teachingComplaint } from './teaching-complaint';
import { texts as admin } from './admin';

/** Nynorsk. One file per routine; this is the whole catalogue. */
export const nn: Strings = {
  ...common,
  ...report,
  ...cases,
  ...casework,
  ...archive,
  ...talks,
  ...leave,
  ...annual,
  ...complaint,
  ...staffComplaint,
  ...teachingComplaint,
  ...admin,
};
