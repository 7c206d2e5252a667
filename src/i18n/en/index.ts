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

/** English, for staff whose Teams is set to English. Legal terms keep their Norwegian names. Checked against bokmål's keys in ../index.ts. */
export const en = { ...common, ...report, ...cases, ...casework, ...archive, ...talks, ...leave, ...annual, ...complaint, ...staffComplaint, ...teachingComplaint, ...admin, ...overview };
