import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, CONNECTIONS, Connections } from '@siaran/config';

export const TRANSCODE_QUEUE = 'media-transcode';

export interface TranscodeJobData {
  assetId: string;
  preset: string;
}

export type TranscodeJob = PgBoss.JobWithMetadata<TranscodeJobData>;

/** Runs SQL inside the caller's transaction, so a job is created together with the rows it is about. */
export type QueueExecutor = PgBoss.Db;

/** The queue's view of a TypeORM transaction. */
export function queueExecutorOf(manager: EntityManager): QueueExecutor {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('jobs are sent with their rows: call this inside a transaction');
  return { executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }) };
}

/** pg-boss refuses expirations of 24 h or more. */
const MAX_EXPIRE_SECONDS = 23 * 3600;
/** Room after the ffmpeg timeout for download, uploads and bookkeeping before pg-boss gives up on a job. */
const EXPIRY_MARGIN_SECONDS = 3600;

/**
 * The durable transcode queue: pg-boss 10 on the application's PostgreSQL (schema
 * `pgboss`). Jobs survive restarts; transient failures are retried with exponential
 * backoff; permanent ones are recorded by the handler and not retried.
 */
@Injectable()
export class TranscodeQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(TranscodeQueue.name);
  private readonly boss: PgBoss;
  private readonly workerIds: string[] = [];
  private readonly stoppingHooks: Array<() => void> = [];

  constructor(
    @Inject(CONNECTIONS) connections: Connections,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.boss = new PgBoss({
      connectionString: connections.databaseUrl,
      schema: 'pgboss',
      application_name: 'siaran-queue',
      max: 4,
      schedule: false,
      supervise: true,
      migrate: true,
    });
    this.boss.on('error', (error) => this.logger.warn(`queue: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(TRANSCODE_QUEUE);
  }

  async send(data: TranscodeJobData, db?: QueueExecutor): Promise<string> {
    const { retryLimit, retryDelayMs, timeoutMs } = this.config.transcode;
    const id = await this.boss.send(TRANSCODE_QUEUE, data, {
      retryLimit,
      retryDelay: Math.max(1, Math.round(retryDelayMs / 1000)),
      retryBackoff: true,
      expireInSeconds: Math.min(MAX_EXPIRE_SECONDS, Math.ceil(timeoutMs / 1000) + EXPIRY_MARGIN_SECONDS),
      ...(db ? { db } : {}),
    });
    if (!id) throw new Error(`the queue did not accept a transcode of ${data.assetId} (${data.preset})`);
    return id;
  }

  /** Lets this process's workers fetch at once instead of at their next poll. */
  wake(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  async cancel(jobId: string): Promise<void> {
    await this.boss.cancel(TRANSCODE_QUEUE, jobId);
  }

  /** Fails an active job as its dead worker would have: pg-boss retries it after its backoff, or gives up. */
  async fail(jobId: string, message: string): Promise<void> {
    await this.boss.fail(TRANSCODE_QUEUE, jobId, { message });
  }

  async job(jobId: string): Promise<TranscodeJob | null> {
    return this.boss.getJobById<TranscodeJobData>(TRANSCODE_QUEUE, jobId);
  }

  /** Starts `concurrency` workers, each handling one job at a time. */
  async work(
    concurrency: number,
    handler: (job: TranscodeJob) => Promise<object>,
    onStopping: () => void,
  ): Promise<void> {
    this.stoppingHooks.push(onStopping);
    for (let i = 0; i < concurrency; i += 1) {
      const id = await this.boss.work<TranscodeJobData>(
        TRANSCODE_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
        async ([job]) => handler(job),
      );
      this.workerIds.push(id);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const hook of this.stoppingHooks) hook();
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, this.config.shutdownTimeoutMs - 2000) });
  }
}
