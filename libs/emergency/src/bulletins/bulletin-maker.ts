import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { FfmpegRunner } from '@siaran/ffmpeg';
import { AssetIngest, LadderPresets, WorkingDirectories } from '@siaran/media';
import { ChannelProfiles } from '@siaran/scheduling';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { coversChannel, type EmergencyOverride, type EmergencySeverity } from '../emergency-override';
import { EmergencyOverrides } from '../emergency-overrides';
import { BulletinClaim, EmergencyStore } from '../emergency-store';
import { bulletinSeconds, radioBulletinArgs, tvBulletinArgs, wrapText } from './bulletin-args';
import { SpeechSynthesizer } from './speech-synthesizer';

const ROUND_MS = 2000;
const MESSAGE_WIDTH = 48;

/** BMKG's warning levels, as the card's heading names them. */
const SEVERITY_LABELS: Readonly<Record<EmergencySeverity, string>> = {
  extreme: 'AWAS',
  severe: 'SIAGA',
  moderate: 'WASPADA',
  minor: 'INFORMASI',
};

/**
 * Makes the generated bulletin of every takeover, once per ladder preset of the channels it
 * covers and per message version, in whichever worker claims it first; each is transcoded to
 * its preset like any asset. Every takeover has one: it airs when the override's own source
 * cannot (not ready, not live).
 */
@Injectable()
export class BulletinMaker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BulletinMaker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: EmergencyStore,
    private readonly overrides: EmergencyOverrides,
    private readonly channels: ChannelProfiles,
    private readonly presets: LadderPresets,
    private readonly runner: FfmpegRunner,
    private readonly speech: SpeechSynthesizer,
    private readonly workDirs: WorkingDirectories,
    private readonly storage: ObjectStorage,
    private readonly ingest: AssetIngest,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.playout.enabled) return;
    // Started, not awaited: the request that changed the override does not wait for its bulletins.
    this.overrides.onChange(async () => void this.roundNow());
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.roundNow().finally(() => this.schedule(ROUND_MS));
    }, delayMs);
  }

  /** One round at a time: a change during a round waits for it, then claims what is left. */
  private async roundNow(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.makeMissing().finally(() => (this.running = undefined));
    await this.running;
  }

  /** Claims and makes every bulletin still missing (the worker's loop runs it; so may a test). */
  async makeMissing(): Promise<void> {
    try {
      const now = this.clock.now();
      const [overrides, channels] = await Promise.all([this.store.needingBulletins(now), this.channels.all()]);
      for (const override of overrides) {
        const covered = channels.filter((c) => coversChannel(override, c));
        for (const preset of new Set(covered.map((c) => c.ladderPreset))) {
          const claim = { overrideId: override.id, preset, messageVersion: override.messageVersion };
          if (!(await this.store.claimBulletin(claim, now))) continue;
          const stationId = covered.find((c) => c.ladderPreset === preset)?.stationId as string;
          await this.make(override, claim, stationId);
        }
      }
    } catch (error) {
      this.logger.error(`emergency bulletins round failed: ${(error as Error).message}`);
    }
  }

  private async make(override: EmergencyOverride, claim: BulletinClaim, stationId: string): Promise<void> {
    const preset = this.presets.get(claim.preset);
    const tv = preset.video !== undefined;
    const dir = await this.workDirs.create(`bulletin-${override.id}-${claim.preset}-${claim.messageVersion}`);
    try {
      const fileName = tv ? 'bulletin.mp4' : 'bulletin.m4a';
      const output = join(dir, fileName);
      const messageFile = join(dir, 'message.txt');
      if (tv) {
        const headingFile = join(dir, 'heading.txt');
        await writeFile(headingFile, `PERINGATAN DARURAT · ${SEVERITY_LABELS[override.severity]}`);
        const english = override.messageEn ? `\n\n${wrapText(override.messageEn, MESSAGE_WIDTH)}` : '';
        await writeFile(messageFile, wrapText(override.messageId, MESSAGE_WIDTH) + english);
        const seconds = bulletinSeconds(preset.segmentSeconds, 0);
        await this.runFfmpeg(
          tvBulletinArgs({ severity: override.severity, headingFile, messageFile, seconds, output }),
          dir,
        );
      } else {
        await writeFile(messageFile, override.messageId);
        const speechFile = join(dir, 'speech.wav');
        const spoken = await this.speech.speak(messageFile, speechFile);
        const seconds = bulletinSeconds(preset.segmentSeconds, spoken ? override.messageId.length : 0);
        await this.runFfmpeg(radioBulletinArgs({ speechFile: spoken ? speechFile : null, seconds, output }), dir);
      }
      const assetId = randomUUID();
      const sourceKey = StorageKeys.assetSource(assetId, fileName);
      const { size } = await stat(output);
      await this.storage.put(sourceKey, createReadStream(output), tv ? 'video/mp4' : 'audio/mp4', size);
      await this.ingest.ingest({
        id: assetId,
        stationId,
        title: `Peringatan darurat · ${SEVERITY_LABELS[override.severity]}`,
        kind: 'announcement',
        sourceKey,
        sourceName: fileName,
        sourceSize: size,
        createdBy: null,
        presets: [claim.preset],
      });
      await this.store.bulletinMade(claim, { assetId });
      this.logger.log(`bulletin of override ${override.id} for ${claim.preset} queued (asset ${assetId})`);
    } catch (error) {
      const failure = (error as Error).message;
      await this.store.bulletinMade(claim, { failure });
      this.logger.error(`bulletin of override ${override.id} for ${claim.preset} failed: ${failure}`);
    } finally {
      await this.workDirs.remove(dir);
    }
  }

  private async runFfmpeg(args: string[], cwd: string): Promise<void> {
    await this.runner.run(args, { timeoutMs: 60_000, stallTimeoutMs: 30_000, nice: this.config.transcode.nice, cwd });
  }
}
