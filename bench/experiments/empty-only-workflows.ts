// Experiment: a bundle holding nothing but the empty workflow, to see what bundle size costs per new workflow.
export async function benchEmptyWorkflow(): Promise<number> {
  return 0;
}
