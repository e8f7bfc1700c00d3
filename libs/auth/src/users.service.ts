import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '@siaran/audit';
import { DomainError } from '@siaran/core';
import { isPgError, PgErrorCode } from '@siaran/database';
import { Clock } from '@siaran/time';
import { AuthErrorCode } from './auth-errors';
import { normaliseEmail } from './auth.service';
import { AuthUser, Role, SYSTEM_USER } from './role';
import { PasswordHasher } from './secrets';
import { UserEntity, UserStationEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  stationIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName?: string | null;
  stationIds?: string[];
}

export type UserChanges = Partial<NewUser>;

/** The system (a password reset from the command line) has no account row: its audit actor has no id. */
const auditActor = (actor: AuthUser): AuditActor =>
  actor === SYSTEM_USER ? SYSTEM_ACTOR : { id: actor.id, email: actor.email };

/** Accounts, managed by admins. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { email: 'ASC' } });
    return this.withStations(this.dataSource.manager, users);
  }

  async get(id: string): Promise<UserView> {
    const [view] = await this.withStations(this.dataSource.manager, [await this.find(this.dataSource.manager, id)]);
    return view;
  }

  async create(actor: AuthUser, input: NewUser): Promise<UserView> {
    const now = this.clock.now();
    const user: UserEntity = {
      id: randomUUID(),
      email: normaliseEmail(input.email),
      displayName: input.displayName ?? null,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role,
      createdAt: now,
      updatedAt: now,
    };
    return this.write(async (manager) => {
      await manager.insert(UserEntity, user);
      await this.assignStations(manager, user.id, input.stationIds ?? []);
      const [view] = await this.withStations(manager, [user]);
      await this.audit.record(manager, {
        actor: auditActor(actor),
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        stationId: null,
        newValue: snapshot(view),
      });
      return view;
    });
  }

  async update(actor: AuthUser, id: string, changes: UserChanges): Promise<UserView> {
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    return this.write(async (manager) => {
      const admins =
        changes.role !== undefined && changes.role !== 'admin' ? await this.lockAdmins(manager) : undefined;
      const user = await this.find(manager, id, true);
      if (admins && user.role === 'admin') assertAnotherAdmin(admins, id);
      const [before] = await this.withStations(manager, [{ ...user }]);
      const now = this.clock.now();
      Object.assign(user, {
        ...(changes.email === undefined ? {} : { email: normaliseEmail(changes.email) }),
        ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
        ...(changes.role === undefined ? {} : { role: changes.role }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
        updatedAt: now,
      });
      await manager.save(UserEntity, user);
      // A password set by an admin logs the user out everywhere.
      if (passwordHash !== undefined)
        await manager.query('UPDATE auth_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
          id,
          now,
        ]);
      if (changes.stationIds !== undefined) {
        await manager.delete(UserStationEntity, { userId: id });
        await this.assignStations(manager, id, changes.stationIds);
      }
      const [view] = await this.withStations(manager, [user]);
      await this.audit.record(manager, {
        actor: auditActor(actor),
        action: 'update',
        entityType: 'user',
        entityId: id,
        stationId: null,
        oldValue: snapshot(before),
        newValue: { ...snapshot(view), ...(passwordHash === undefined ? {} : { passwordChanged: true }) },
      });
      return view;
    });
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.write(async (manager) => {
      const admins = await this.lockAdmins(manager);
      const user = await this.find(manager, id, true);
      if (user.role === 'admin') assertAnotherAdmin(admins, id);
      const [before] = await this.withStations(manager, [user]);
      await manager.delete(UserEntity, { id });
      // Recorded after the delete: the row's own actor_id would point at the user gone.
      await this.audit.record(manager, {
        actor: { id: actor.id === id ? null : actor.id, email: actor.email },
        action: 'delete',
        entityType: 'user',
        entityId: id,
        stationId: null,
        oldValue: snapshot(before),
      });
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'users_email_key'))
        throw new DomainError('conflict', AuthErrorCode.EmailTaken, 'Another user has this e-mail');
      if (isPgError(error, PgErrorCode.ForeignKeyViolation, 'user_stations_station_id_fkey')) {
        throw new DomainError('not-found', AuthErrorCode.StationNotFound, 'One of stationIds is not a station');
      }
      throw error;
    }
  }

  private async find(manager: EntityManager, id: string, forUpdate = false): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new DomainError('not-found', AuthErrorCode.UserNotFound, `No user ${id}`);
    return user;
  }

  /**
   * Locks every admin row (before the user changed, and in one order, so that no two
   * transactions wait on each other): two admins demoting each other at once cannot leave none.
   */
  private async lockAdmins(manager: EntityManager): Promise<string[]> {
    const admins: Array<{ id: string }> = await manager.query(
      `SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE`,
    );
    return admins.map((admin) => admin.id);
  }

  private async assignStations(manager: EntityManager, userId: string, stationIds: string[]): Promise<void> {
    const unique = [...new Set(stationIds)];
    if (unique.length)
      await manager.insert(
        UserStationEntity,
        unique.map((stationId) => ({ userId, stationId })),
      );
  }

  private async withStations(manager: EntityManager, users: UserEntity[]): Promise<UserView[]> {
    const links = users.length
      ? await manager.find(UserStationEntity, {
          where: { userId: In(users.map((u) => u.id)) },
          order: { stationId: 'ASC' },
        })
      : [];
    return users.map((user) => ({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      stationIds: links.filter((link) => link.userId === user.id).map((link) => link.stationId),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    }));
  }
}

function assertAnotherAdmin(adminIds: string[], id: string): void {
  if (!adminIds.some((adminId) => adminId !== id))
    throw new DomainError('conflict', AuthErrorCode.LastAdmin, 'This is the last admin; make another admin first');
}

/** A user as the audit log keeps it: never the password hash. */
function snapshot(user: UserView): object {
  return { email: user.email, displayName: user.displayName, role: user.role, stationIds: user.stationIds };
}
