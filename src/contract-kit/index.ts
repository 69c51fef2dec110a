/**
 * The contract kit as a library (`city-login/contract-kit`): run it from your own Node
 * scripts or tests, and type its `--json` report.
 */
export { runContract, scenarios, type KitOptions, type Scenario } from './kit.js';
export {
  EXIT_CODES,
  formatTable,
  isContractReport,
  reportProblems,
  type ContractReport,
  type ContractSummary,
  type ScenarioResult,
  type Verdict,
} from './report.js';
