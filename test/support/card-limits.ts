/** The worst a school can produce, for the tests that hold a card to Teams's size limit. */
import type { School } from '../../src/domain/school';

/** Teams refuses cards over about 28 KB; the renderer stops at 26,000 bytes to leave room for the envelope. */
export const TEAMS_LIMIT = 28 * 1024;

/** A card's size as Teams receives it, in bytes. */
export const size = (card: unknown): number => Buffer.byteLength(JSON.stringify(card));

/** Norwegian text of exactly n characters (æ, ø and å take two bytes each in UTF-8). */
export const long = (n: number, word = 'æøå tekst '): string => word.repeat(Math.ceil(n / word.length)).slice(0, n);

/** The i-th member of staff's Entra id. */
export const uid = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export const school: School = { tenantId: 't', schoolId: 's', name: 'Ellingsrud skole (demo)', languageForm: 'nb', investigationDays: 5 };

/** 250 members of staff with long double-barrelled names, by id. */
export const names: Record<string, string> = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [uid(i), `Ansatt Etternavnsen-Dobbeltnavn ${i}`]));
