/** The pure domain of directive cascades: schemas, Vietnam time, rollup arithmetic. No IO, no clock, no Temporal. */
export * from './levels';
export * from './fields';
export * from './time';
export * from './numbers';
export * from './document-number';
export * from './org';
export * from './org-import';
export * from './csv';
export * from './directive';
export * from './directive-org';
export * from './report';
export * from './rollup';
