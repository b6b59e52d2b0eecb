/** Three one-cluster waves 2 h apart: a makespan set by wave soak (the report and the time-accounting tests share it). */
export const SOAK_SCENARIO = `apiVersion: fleetsim/v1alpha1
kind: Scenario
name: soak
seed: 1
clusters:
  - generate: { count: 3, name: "c-{index}", template: { provider: docker, version: v1.34.3, controlPlane: { replicas: 1 }, workers: [{ name: md, kind: MachineDeployment, replicas: 2 }] } }
operations:
  - at: 1m
    upgrade: { clusters: { matchLabels: {} }, version: v1.35.0, waves: { size: 1, pauseBetween: 2h } }
`;
