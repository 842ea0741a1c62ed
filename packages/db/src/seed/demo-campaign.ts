// The settings of the `npm start` demo campaign, in one place: the seed writes them, and the dialer's
// demo-pacing test runs them, so that test proves what a newcomer sees.
//
// amdErrorEstimate is 0 because the demo's telephony is simulated and its AMD never takes a person for a
// machine: 0 is its true error rate. A real campaign keeps DEFAULT_PACING's estimate (5 %), which counts
// the people a real AMD hangs up on as abandoned; with it and AMD hanging up on machines, the estimated
// rate alone is over the 3 % cap and predictive would never engage on the demo's simulated list.
export const DEMO_CAMPAIGN_SETTINGS = {
  abandonTarget: 0.03,
  maxLinesPerAgent: 2,
  minAgentsForPredictive: 5,
  amdErrorEstimate: 0,
  agentlessConcurrency: 10,
  wrapUpSeconds: 30,
} as const;
