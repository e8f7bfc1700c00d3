import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_USER } from '@siaran/auth';
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
}
