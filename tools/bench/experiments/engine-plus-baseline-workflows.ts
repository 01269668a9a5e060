// Experiment: the engine's bundle with the baseline workflows in it, to see what the engine's code costs a trivial workflow.
export * from '../../../src/engine/workflows';
export * from '../baseline-workflows';
