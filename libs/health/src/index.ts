export * from './health.module';
export * from './readiness';
export * from './worker-heartbeat';
export * from './worker-instance.entity';
