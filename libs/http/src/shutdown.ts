export interface ShutdownLogger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * Runs the shutdown steps in order on SIGINT/SIGTERM (stop accepting and drain HTTP,
 * stop jobs and children, then the embedded servers). A second signal, or the
 * timeout, exits at once.
 */
export function installShutdown(steps: Array<() => Promise<void>>, timeoutMs: number, logger: ShutdownLogger): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    logger.info(`${signal} received: shutting down`);
    const timer = setTimeout(() => {
      logger.error(`shutdown took longer than ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    void (async () => {
      let failed = false;
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          failed = true;
          logger.error(`shutdown step failed: ${(error as Error).message}`);
        }
      }
      logger.info('shutdown complete');
      process.exit(failed ? 1 : 0);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
