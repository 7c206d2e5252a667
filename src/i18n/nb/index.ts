import common from './common.json';
import report from './report.json';
import cases from './cases.json';
import casework from './casework.json';
import archive from './archive.json';
import talks from './talks.json';
import leave from './leave.json';
import annual from './annual.json';
import complaint from './complaint.json';
import staffComplaint from './staff-complaint.json';
import teachingComplaint from './teaching-complaint.json';
import admin from './admin.json';
import overview from './overview.json';

/** Bokmål: the default language form, and the shape every other language must have (see ../index.ts). */
export const nb = { ...common, ...report, ...cases, ...casework, ...archive, ...talks, ...leave, ...annual, ...complaint, ...staffComplaint, ...teachingComplaint, ...admin, ...overview };

export type Strings = typeof nb;
