export * from './resource.js';
export * from './inventory.js';
export * from './finding.js';
export * from './policy-document.js';
export type * from './s3.js';
