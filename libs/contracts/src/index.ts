export * from './story';
export * from './entry';
export * from './event';
export * from './errors';
export * from './live';
export * from './user';
export * from './direction';
export * from './supersede';
