/**
 * Writes the bundled incident scenarios (`scenarios/<NN_slug>/`) from seeded generators, so the
 * committed data is reproducible: `npx tsc -p scenarios && node dist/scenarios/generate.js [outDir]`.
 * Loading never needs this step; it only runs when a generator changes.
 */
import { join, resolve } from 'node:path';

import { ScenarioBuilder, type GeneratedScenario } from './generator/scenarioBuilder';
import * as s01 from './generator/s01BadDeployment';
import * as s02 from './generator/s02ConnectionPool';
import * as s03 from './generator/s03CertificateExpiry';
import * as s04 from './generator/s04OomCrashLoop';
import * as s05 from './generator/s05SlowDependency';
import * as s06 from './generator/s06VpnTunnelDown';
import * as s07 from './generator/s07ColdStartNoise';
import * as s08 from './generator/s08UndeterminedResets';
import * as s09 from './generator/s09StorageThrottling';
import * as s10 from './generator/s10PrivateDnsLinkDeleted';
import * as s11 from './generator/s11ServiceBusPoisonMessages';
import * as s12 from './generator/s12FunctionsHostStartup';
import * as s13 from './generator/s13AksNodeMemoryPressure';
import * as s14 from './generator/s14VmDiskFull';
import * as s15 from './generator/s15DeploymentCoincidesWithOutage';
import * as s16 from './generator/s16AlertStorm';
import * as s17 from './generator/s17UndeterminedApim';
import * as s18 from './generator/s18GatewayBackendBlockedByNsg';
import * as s19 from './generator/s19OwnConnectionLeak';
import * as s20 from './generator/s20DotnetCertificateInnerException';

type Generator = { build(b: ScenarioBuilder): GeneratedScenario };

const GENERATORS: ReadonlyArray<readonly [string, Generator]> = [
  ['01_bad_deployment', s01],
  ['02_connection_pool_exhaustion', s02],
  ['03_certificate_expiry', s03],
  ['04_oom_crash_loop', s04],
  ['05_slow_dependency', s05],
  ['06_vpn_tunnel_down', s06],
  ['07_cold_start_noise', s07],
  ['08_undetermined_ledger_resets', s08],
  ['09_storage_throttling', s09],
  ['10_private_dns_link_deleted', s10],
  ['11_service_bus_poison_messages', s11],
  ['12_functions_host_startup', s12],
  ['13_aks_node_memory_pressure', s13],
  ['14_vm_disk_full', s14],
  ['15_deployment_coincides_with_outage', s15],
  ['16_alert_storm_oom', s16],
  ['17_undetermined_apim_backend', s17],
  ['18_gateway_backend_blocked_by_nsg', s18],
  ['19_own_connection_leak', s19],
  ['20_dotnet_certificate_inner_exception', s20],
];

/** Generates every scenario into `outDir` and returns the row count of each. */
function generateScenarios(outDir: string): Array<{ id: string; rows: number }> {
  return GENERATORS.map(([id, generator]) => {
    const builder = new ScenarioBuilder(id);
    return { id, ...builder.write(outDir, generator.build(builder)) };
  });
}

if (require.main === module) {
  // Compiled to dist/scenarios/generate.js; the default target is the source scenarios/ folder.
  const outDir = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'scenarios'));
  for (const { id, rows } of generateScenarios(outDir)) process.stdout.write(`${id}: ${rows} rows\n`);
}

export { generateScenarios };
