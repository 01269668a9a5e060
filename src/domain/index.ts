/** The pure domain of directive cascades: schemas, Vietnam time, rollup arithmetic. No IO, no clock, no Temporal. */
export * from './org/levels';
export * from './text/fields';
export * from './time/time';
export * from './text/numbers';
export * from './directive/document-number';
export * from './org/org';
export * from './org/org-import';
export * from './text/csv';
export * from './directive/directive';
export * from './directive/directive-org';
export * from './track/completion-report';
export * from './track/rollup';
