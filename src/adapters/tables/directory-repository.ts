/**
 * Schools, classes and people with their roles. The directory is the only source of roles:
 * no decision is made from what a card says about who someone is.
 */
import type { Membership, Role } from '../../domain/people';
import type { ChannelScope, School, SchoolChannel, SchoolClass } from '../../domain/school';
import type { SchoolBreak } from '../../domain/school-calendar';
import type { Directory } from '../../ports';
import type { ArchiveSettings } from '../../domain/archive';
import { esc, keyPart, readRow, startsWith, statusOf, TableRepository } from './table-client';

interface SchoolEntity { partitionKey: string; rowKey: string; tenantId?: string; schoolId?: string; name: string; languageForm: string; investigationDays: number; breaks?: string; retentionMonths?: number; staffGroupId?: string; graphSchoolId?: string; urgentInvestigationDays?: number; ownerPhone?: string; ownerEmail?: string; meldepliktContact?: string; archive?: string }
interface ClassEntity { partitionKey: string; rowKey: string; name: string; trinn: number }
interface PersonEntity {
  partitionKey: string; rowKey: string; schoolId: string; userId: string; name: string;
  roles: string; classes: string; trinn: string; teamsId?: string; email?: string;
}
interface ChannelEntity { partitionKey: string; rowKey: string; scope: string; target: string; conversationId: string; serviceUrl: string; setBy: string; setAt: string }

const schoolOf = (e: SchoolEntity, tenantId: string, schoolId: string): School => {
  const breaks = e.breaks ? (JSON.parse(e.breaks) as SchoolBreak[]) : [];
  return {
    tenantId,
    schoolId,
    name: e.name,
    languageForm: e.languageForm === 'nn' ? 'nn' : 'nb',
    investigationDays: e.investigationDays,
    ...(breaks.length ? { breaks } : {}),
    ...(typeof e.retentionMonths === 'number' ? { retentionMonths: e.retentionMonths } : {}),
    ...(e.staffGroupId ? { staffGroupId: e.staffGroupId } : {}),
    ...(e.graphSchoolId ? { graphSchoolId: e.graphSchoolId } : {}),
    ...(e.meldepliktContact ? { meldepliktContact: e.meldepliktContact } : {}),
    ...(typeof e.urgentInvestigationDays === 'number' ? { urgentInvestigationDays: e.urgentInvestigationDays } : {}),
    ...(e.ownerPhone ? { ownerPhone: e.ownerPhone } : {}),
    ...(e.ownerEmail ? { ownerEmail: e.ownerEmail } : {}),
    ...(e.archive ? { archive: JSON.parse(e.archive) as ArchiveSettings } : {}),
  };
};

const schoolPk = (tenantId: string, schoolId: string) => keyPart(`${tenantId}_${schoolId}`);

export class DirectoryRepository extends TableRepository implements Directory {
  private readonly schools = this.own('Schools');
  private readonly people = this.own('People');

  async getSchool(tenantId: string, schoolId: string): Promise<School | undefined> {
    const e = await readRow<SchoolEntity>(this.schools, schoolPk(tenantId, schoolId), 'school');
    return e && schoolOf(e, tenantId, schoolId);
  }

  /**
   * One point read that always goes to storage (the readiness probe): a cache in front of the
   * directory (CachedDirectory) must not answer for a storage that has stopped.
   */
  async ping(): Promise<void> {
    await readRow<SchoolEntity>(this.schools, schoolPk('readyz', 'readyz'), 'school');
  }

  /** Every school of every tenant: a few hundred rows at most, read by the reminder sweep. */
  async listSchools(): Promise<School[]> {
    const out: School[] = [];
    for await (const e of this.schools.listEntities<SchoolEntity>({ queryOptions: { filter: "RowKey eq 'school'" } })) {
      if (e.tenantId && e.schoolId) out.push(schoolOf(e, e.tenantId, e.schoolId));
    }
    return out;
  }

  async listClasses(tenantId: string, schoolId: string): Promise<SchoolClass[]> {
    const out: SchoolClass[] = [];
    const filter = `PartitionKey eq '${esc(schoolPk(tenantId, schoolId))}' and ${startsWith('class_')}`;
    for await (const e of this.schools.listEntities<ClassEntity>({ queryOptions: { filter } })) {
      out.push({ tenantId, schoolId, name: e.name, trinn: e.trinn });
    }
    return out.sort((a, b) => a.trinn - b.trinn || a.name.localeCompare(b.name, 'nb'));
  }

  async membershipsOf(tenantId: string, userId: string): Promise<Membership[]> {
    const filter = `PartitionKey eq '${esc(keyPart(tenantId))}' and ${startsWith(`${keyPart(userId)}_`)}`;
    return this.query(tenantId, filter);
  }

  async staffOf(tenantId: string, schoolId: string): Promise<Membership[]> {
    const filter = `PartitionKey eq '${esc(keyPart(tenantId))}' and schoolId eq '${esc(schoolId)}'`;
    return this.query(tenantId, filter);
  }

  private async query(tenantId: string, filter: string): Promise<Membership[]> {
    const out: Membership[] = [];
    for await (const e of this.people.listEntities<PersonEntity>({ queryOptions: { filter } })) {
      out.push({
        tenantId,
        schoolId: e.schoolId,
        userId: e.userId,
        name: e.name,
        roles: JSON.parse(e.roles) as Role[],
        classes: JSON.parse(e.classes) as string[],
        trinn: JSON.parse(e.trinn) as number[],
        teamsId: e.teamsId || undefined,
        email: e.email || undefined,
      });
    }
    return out;
  }

  async upsertSchool(s: School): Promise<void> {
    await this.schools.upsertEntity<SchoolEntity>(
      {
        partitionKey: schoolPk(s.tenantId, s.schoolId),
        rowKey: 'school',
        tenantId: s.tenantId,
        schoolId: s.schoolId,
        name: s.name,
        languageForm: s.languageForm,
        investigationDays: s.investigationDays,
        breaks: JSON.stringify(s.breaks ?? []),
        ...(s.retentionMonths !== undefined ? { retentionMonths: s.retentionMonths } : {}),
        ...(s.staffGroupId ? { staffGroupId: s.staffGroupId } : {}),
        ...(s.graphSchoolId ? { graphSchoolId: s.graphSchoolId } : {}),
        ...(s.meldepliktContact ? { meldepliktContact: s.meldepliktContact } : {}),
        ...(s.urgentInvestigationDays !== undefined ? { urgentInvestigationDays: s.urgentInvestigationDays } : {}),
        ...(s.ownerPhone ? { ownerPhone: s.ownerPhone } : {}),
        ...(s.ownerEmail ? { ownerEmail: s.ownerEmail } : {}),
        ...(s.archive ? { archive: JSON.stringify(s.archive) } : {}),
      },
      'Replace',
    );
  }

  async upsertClass(c: SchoolClass): Promise<void> {
    await this.schools.upsertEntity<ClassEntity>(
      { partitionKey: schoolPk(c.tenantId, c.schoolId), rowKey: `class_${keyPart(c.name)}`, name: c.name, trinn: c.trinn },
      'Replace',
    );
  }

  async upsertMembership(m: Membership): Promise<void> {
    await this.people.upsertEntity<PersonEntity>(
      {
        partitionKey: keyPart(m.tenantId),
        rowKey: `${keyPart(m.userId)}_${keyPart(m.schoolId)}`,
        schoolId: m.schoolId,
        userId: m.userId,
        name: m.name,
        roles: JSON.stringify(m.roles),
        classes: JSON.stringify(m.classes),
        trinn: JSON.stringify(m.trinn),
        ...(m.teamsId ? { teamsId: m.teamsId } : {}),
        ...(m.email ? { email: m.email } : {}),
      },
      'Merge',
    );
  }

  /** Used by the admin import (the file is the whole truth) and the Entra ID staff sync. */
  async deleteMembership(tenantId: string, schoolId: string, userId: string): Promise<void> {
    await this.ignoreMissing(this.people.deleteEntity(keyPart(tenantId), `${keyPart(userId)}_${keyPart(schoolId)}`));
  }

  async deleteClass(tenantId: string, schoolId: string, name: string): Promise<void> {
    await this.ignoreMissing(this.schools.deleteEntity(schoolPk(tenantId, schoolId), `class_${keyPart(name)}`));
  }

  async deleteChannel(tenantId: string, schoolId: string, scope: ChannelScope, target: string): Promise<void> {
    await this.ignoreMissing(this.schools.deleteEntity(schoolPk(tenantId, schoolId), `channel_${keyPart(scope)}_${keyPart(target || '-')}`));
  }

  private async ignoreMissing(p: Promise<unknown>): Promise<void> {
    try {
      await p;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** Channels the school has chosen for reminders (per school, trinn or class) and for the admin. */
  async listChannels(tenantId: string, schoolId: string): Promise<SchoolChannel[]> {
    const out: SchoolChannel[] = [];
    const filter = `PartitionKey eq '${esc(schoolPk(tenantId, schoolId))}' and ${startsWith('channel_')}`;
    for await (const e of this.schools.listEntities<ChannelEntity>({ queryOptions: { filter } })) {
      out.push({ tenantId, schoolId, scope: e.scope as ChannelScope, target: e.target, conversationId: e.conversationId, serviceUrl: e.serviceUrl, setBy: e.setBy, setAt: e.setAt });
    }
    return out;
  }

  /** One channel per scope and target: setting it again moves it. */
  async setChannel(c: SchoolChannel): Promise<void> {
    await this.schools.upsertEntity<ChannelEntity>(
      {
        partitionKey: schoolPk(c.tenantId, c.schoolId),
        rowKey: `channel_${keyPart(c.scope)}_${keyPart(c.target || '-')}`,
        scope: c.scope,
        target: c.target,
        conversationId: c.conversationId,
        serviceUrl: c.serviceUrl,
        setBy: c.setBy,
        setAt: c.setAt,
      },
      'Replace',
    );
  }
}
