export * from './all-exceptions.filter';
export * from './api-error';
export * from './api-path';
export * from './error-body';
export * from './http-app';
export * from './shutdown';
export * from './validation';
export * from './uuid-param';
