export * from './bulletins/bulletin-args';
export * from './bulletins/bulletin-maker';
export * from './emergency-access';
export * from './emergency-operations';
export * from './emergency-override';
export * from './emergency-overrides';
export * from './emergency.module';
