import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog, type AuditEntityType } from '@siaran/audit';
import { SYSTEM_USER } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { AssetService } from '@siaran/media';
import { Clock } from '@siaran/time';
import { ChannelsService } from '../catalog/channels.service';
import { ProgrammesService } from '../catalog/programmes.service';
import { StationsService } from '../catalog/stations.service';
import { WEEKDAYS } from '../recurrence/recurrence-rule';
import { ScheduleService } from '../schedule/schedule.service';
import { TimeZone } from '../time/time-zone';
import { DAY_MS, dayOfWall, formatWallTime, weekdayOfDay } from '../time/wall-time';
import { DEMO_STATIONS } from './demo-grid';

const DEMO_ZONE = 'Asia/Jakarta';

/** What `remove` took away, and what it left because something not of the demo still needs it. */
export interface DemoRemoval {
  removed: { scheduleEntries: number; programmes: number; channels: number; generatedMedia: number; stations: number };
  kept: Array<{ entityType: AuditEntityType; id: string; reason: string }>;
}

/**
 * Loads the demo stations, channels, programmes and weekly grids through the same services
 * the API uses (so the grid passes the same checks and lands in the audit log as "system").
 * Weekly series start on the Monday a week ago, so last week, today and every week ahead
 * have a full guide.
 */
@Injectable()
export class DemoData {
  private readonly logger = new Logger(DemoData.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly stations: StationsService,
    private readonly channels: ChannelsService,
    private readonly programmes: ProgrammesService,
    private readonly schedule: ScheduleService,
    private readonly audit: AuditLog,
    private readonly assets: AssetService,
  ) {}

  /** Loads the demo only into a database without stations; true when it did. */
  async loadIfEmpty(): Promise<boolean> {
    if ((await this.dataSource.query('SELECT 1 FROM stations LIMIT 1')).length) return false;
    await this.load();
    return true;
  }

  async load(): Promise<void> {
    const today = dayOfWall(TimeZone.of(DEMO_ZONE).toWall(this.clock.now().getTime()));
    const lastMonday = today - weekdayOfDay(today) - 7;
    let entries = 0;
    for (const demoStation of DEMO_STATIONS) {
      const station = await this.stations.create(SYSTEM_USER, {
        slug: demoStation.slug,
        name: demoStation.name,
        description: demoStation.description,
      });
      const programmeIds = new Map<string, string>();
      for (const programme of demoStation.programmes) {
        const created = await this.programmes.create(SYSTEM_USER, {
          stationId: station.id,
          title: programme.title,
          description: programme.description,
          host: programme.host,
          category: programme.category,
          language: 'id',
        });
        programmeIds.set(programme.key, created.id);
      }
      for (const demoChannel of demoStation.channels) {
        const channel = await this.channels.create(SYSTEM_USER, {
          stationId: station.id,
          slug: demoChannel.slug,
          name: demoChannel.name,
          kind: demoChannel.kind,
          description: demoChannel.description,
          timezone: DEMO_ZONE,
        });
        for (const block of demoChannel.grid) {
          const weekdays = block.days.split(',').map((day) => WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]));
          const firstDay = lastMonday + Math.min(...weekdays);
          const [hours, minutes] = block.start.split(':').map(Number);
          await this.schedule.create(SYSTEM_USER, {
            channelId: channel.id,
            programmeId: programmeIds.get(block.programme) as string,
            start: formatWallTime(firstDay * DAY_MS + (hours * 60 + minutes) * 60_000),
            durationSeconds: block.minutes * 60,
            recurrence: `FREQ=WEEKLY;BYDAY=${block.days}`,
          });
          entries += 1;
        }
      }
    }
    this.logger.log(`loaded the demo data: ${DEMO_STATIONS.length} stations, ${entries} weekly schedule entries`);
  }

  /**
   * Removes what the demo created (the audit log names it: created by the system): its schedule
   * entries, channels, programmes and stations, with what the system generated for them (slates).
   * What a user added stays, and so does whatever it needs: a demo channel with a user's schedule
   * entry, a demo station with a user's media, channel or programme. Running it again removes
   * nothing more.
   */
  async remove(): Promise<DemoRemoval> {
    const result: DemoRemoval = {
      removed: { scheduleEntries: 0, programmes: 0, channels: 0, generatedMedia: 0, stations: 0 },
      kept: [],
    };
    const each = async (
      entityType: AuditEntityType,
      counter: keyof DemoRemoval['removed'],
      remove: (id: string) => Promise<void>,
    ) => {
      for (const id of await this.audit.createdBySystem(entityType))
        try {
          await remove(id);
          result.removed[counter] += 1;
        } catch (error) {
          if (error instanceof DomainError && error.kind === 'not-found') continue;
          if (!(error instanceof DomainError)) throw error;
          result.kept.push({ entityType, id, reason: error.message });
        }
    };
    await each('schedule_entry', 'scheduleEntries', (id) => this.schedule.remove(SYSTEM_USER, id));
    await each('channel', 'channels', (id) => this.channels.remove(SYSTEM_USER, id));
    await each('programme', 'programmes', (id) => this.programmes.remove(SYSTEM_USER, id));
    // Slates and other media the system made for the demo channels: no user uploaded them.
    for (const stationId of await this.audit.createdBySystem('station')) {
      const { items } = await this.assets.list({ stationIds: [stationId], limit: 1000, offset: 0 });
      for (const { asset } of items)
        if (asset.createdBy === null && asset.kind !== 'live') {
          await this.assets.remove(asset.id);
          result.removed.generatedMedia += 1;
        }
    }
    await each('station', 'stations', (id) => this.stations.remove(SYSTEM_USER, id));
    this.logger.log(
      `removed the demo data: ${JSON.stringify(result.removed)}${result.kept.length ? `; kept ${result.kept.length}` : ''}`,
    );
    return result;
  }
}
