/**
 * 06: the S2S VPN to on-premises drops and stays down: after a firmware upgrade the on-premises
 * device proposes IKE parameters the gateway's custom policy does not accept (IKE log format from seed 002).
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

function build(b: ScenarioBuilder) {
  const rg = 'rg-network-hub';
  const workspaceId = 'c5e7a9b1-0d2f-4b4c-a6e8-1f3b5d7a9c20';
  const workspaceRid = b.rid('defaultresourcegroup-weu', 'Microsoft.OperationalInsights', 'workspaces', 'law-network-prod');
  const gw = b.rid(rg, 'Microsoft.Network', 'virtualNetworkGateways', 'vpngw-hub-weu');
  const conn = b.rid(rg, 'Microsoft.Network', 'connections', 'conn-to-onprem');
  const remoteIp = '198.51.100.24';
  const downAt = -27 * 60;
  b.defineAzureDiagnostics([['status_s', 'string'], ['stateChangeReason_s', 'string'], ['instance_s', 'string'], ['remoteIP_s', 'string']]);
  const base = { ResourceId: gw.toUpperCase(), Resource: 'VPNGW-HUB-WEU', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.NETWORK', ResourceType: 'VIRTUALNETWORKGATEWAYS', _ResourceId: gw.toLowerCase() };
  const tunnel = (t: number, connected: boolean, reason: string) =>
    b.add('AzureDiagnostics', t, { ...base, Category: 'TunnelDiagnosticLog', OperationName: connected ? 'TunnelConnected' : 'TunnelDisconnected', Level: 'Informational', Message: connected ? `Connected (${reason})` : `Disconnected (${reason})`, status_s: connected ? 'Connected' : 'Disconnected', stateChangeReason_s: reason, instance_s: 'GatewayTenantWorker_IN_0', remoteIP_s: remoteIp });
  const ike = (t: number, message: string, level = 'Informational') =>
    b.add('AzureDiagnostics', t, { ...base, Category: 'IKEDiagnosticLog', OperationName: 'IKELogEvent', Level: level, Message: message, instance_s: 'GatewayTenantWorker_IN_0', remoteIP_s: remoteIp });
  const cookie = () => `0x${b.rng.hex(16).toUpperCase()}`;
  const goodSession = (t: number) => {
    const i = cookie();
    const r = cookie();
    ike(t, `[SEND][SA_INIT] Sending IKE SA_INIT packet with tunnelId 0x1, iCookie ${i} and rCookie 0x0 to ${remoteIp}`);
    ike(t + 0.2, `[RECEIVED]Received Ike payload from ${remoteIp}: Policy1:Cipher=AES-CBC-256 Integrity=SHA256 DhGroup=DhGroup14`);
    ike(t + 0.3, `[RECEIVED] Receiving MM Packet for tunnel Id 0x1 iCookie ${i} and rCookie ${r}: Receiving MM Nonce`);
    ike(t + 0.5, '[RECEIVED][SA_AUTH] Received IKE AUTH message');
    ike(t + 0.6, '[SEND] Proposed Traffic Selector payload will be (Final Negotiated) - [Tsid 0x1 ]Number of TSIs 1: StartAddress 10.10.0.0 EndAddress 10.10.255.255 PortStart 0 PortEnd 65535 Protocol 0 Number of TSRs 1:StartAddress 192.168.0.0 EndAddress 192.168.255.255 PortStart 0 PortEnd 65535 Protocol 0');
    ike(t + 0.7, '[SEND][SA_AUTH] Sending SA AUTH response message for tunnelId 0x2 and tsId 0x1');
    ike(t + 0.8, '[LOCAL_MSG] IKE Tunnel created for tunnelId 0x2');
  };
  tunnel(-4 * 3600 + 60, true, 'Initial');
  goodSession(-4 * 3600 + 55);
  for (let t = -4 * 3600 + 1800; t < downAt; t += 1800) {
    ike(t, `[SEND][SA_REKEY] Rekeying Child SA for tunnelId 0x2 tsId 0x1 with ${remoteIp}`);
    ike(t + 0.4, '[LOCAL_MSG] IPSec SA rekey completed for tunnelId 0x2');
  }
  // Red herring (seed 002): a remotely triggered reset two hours ago that reconnected within a second.
  const blip = -2 * 3600 - 420;
  ike(blip, '[RECEIVED][SA_DELETE] Received IPSec SA delete message for tunnelid 0x2 and tsid 0x1');
  ike(blip + 0.1, '[LOCAL_MSG] IKE Tunnel closed for tunnelId 0x2 with status Main mode SA lifetime expired or peer sent a main mode delete.');
  tunnel(blip, false, 'Remotely triggered');
  goodSession(blip + 0.5);
  tunnel(blip + 1, true, 'RemotelyTriggered');
  // The outage: the peer resets after its firmware upgrade and now only offers GCM/SHA384/ECP384.
  ike(downAt, '[RECEIVED][SA_DELETE] Received IPSec SA delete message for tunnelid 0x2 and tsid 0x1');
  ike(downAt + 0.1, '[LOCAL_MSG] IKE Tunnel closed for tunnelId 0x2 with status Main mode SA lifetime expired or peer sent a main mode delete.');
  tunnel(downAt, false, 'Remotely triggered');
  for (let t = downAt + 8; t < 0; t += b.rng.int(25, 40)) {
    const i = cookie();
    ike(t, `[RECEIVED][SA_INIT] Received IKE SA_INIT packet from ${remoteIp} with iCookie ${i} and rCookie 0x0`);
    ike(t + 0.1, `[RECEIVED]Received Ike payload from ${remoteIp}: Policy1:Cipher=AES-GCM-256 Integrity=SHA384 DhGroup=ECP384 Policy2:Cipher=AES-GCM-128 Integrity=SHA384 DhGroup=ECP384`);
    ike(t + 0.2, '[LOCAL_MSG] SA_INIT negotiation failed: no matching IKE policy. Local policy: Cipher=AES-CBC-256 Integrity=SHA256 DhGroup=DhGroup14', 'Warning');
    ike(t + 0.3, `[SEND][SA_INIT] Sending NOTIFY NO_PROPOSAL_CHOSEN to ${remoteIp} for iCookie ${i}`, 'Warning');
  }
  const onprem = ['onprem-sql01', 'onprem-app02', 'onprem-file01'];
  const azureVms = ['vm-jump-weu', 'vm-dns-weu-01'];
  for (let t = -4 * 3600; t < 0; t += 60) {
    for (const c of onprem) if (t < downAt) b.add('Heartbeat', t + b.rng.next() * 10, { Computer: c, Category: 'Azure Monitor Agent', OSType: 'Windows', Version: '1.28.0', ComputerIP: `192.168.10.${onprem.indexOf(c) + 11}`, ComputerEnvironment: 'Non-Azure', ResourceGroup: 'rg-arc-onprem', _ResourceId: b.rid('rg-arc-onprem', 'Microsoft.HybridCompute', 'machines', c).toLowerCase() });
    for (const c of azureVms) b.add('Heartbeat', t + b.rng.next() * 10, { Computer: c, Category: 'Azure Monitor Agent', OSType: 'Linux', Version: '1.28.0', ComputerIP: `10.10.1.${azureVms.indexOf(c) + 4}`, ComputerEnvironment: 'Azure', ResourceGroup: rg, _ResourceId: b.rid(rg, 'Microsoft.Compute', 'virtualMachines', c).toLowerCase() });
  }
  const up = (ago: number) => ago > 27;
  b.metric({ resourceId: gw, namespace: 'Microsoft.Network/virtualNetworkGateways', name: 'TunnelAverageBandwidth', unit: 'BytesPerSecond', primaryAggregation: 'Average', dimensions: { ConnectionName: 'conn-to-onprem', RemoteIP: remoteIp }, minutes: 240, value: (ago) => (up(ago) ? 180000 + b.rng.next() * 60000 : 0) });
  b.metric({ resourceId: gw, namespace: 'Microsoft.Network/virtualNetworkGateways', name: 'TunnelIngressBytes', unit: 'Bytes', primaryAggregation: 'Total', dimensions: { ConnectionName: 'conn-to-onprem', RemoteIP: remoteIp }, minutes: 240, value: (ago) => (up(ago) ? 6e6 + b.rng.next() * 2e6 : 0) });
  b.metric({ resourceId: gw, namespace: 'Microsoft.Network/virtualNetworkGateways', name: 'TunnelIngressPacketDropCount', unit: 'Count', primaryAggregation: 'Total', dimensions: { ConnectionName: 'conn-to-onprem', RemoteIP: remoteIp }, minutes: 240, value: () => b.rng.int(0, 3) });
  b.resource({ id: gw, name: 'vpngw-hub-weu', type: 'Microsoft.Network/virtualNetworkGateways', location: 'westeurope', properties: { gatewayType: 'Vpn', vpnType: 'RouteBased', sku: { name: 'VpnGw2AZ', tier: 'VpnGw2AZ' }, provisioningState: 'Succeeded', activeActive: false } });
  b.resource({ id: conn, name: 'conn-to-onprem', type: 'Microsoft.Network/connections', location: 'westeurope', properties: { connectionType: 'IPsec', connectionStatus: 'NotConnected', connectionProtocol: 'IKEv2', virtualNetworkGateway1: { id: gw }, localNetworkGateway2: { id: b.rid(rg, 'Microsoft.Network', 'localNetworkGateways', 'lgw-onprem') }, ipsecPolicies: [{ ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'PFS2048', saLifeTimeSeconds: 27000 }], usePolicyBasedTrafficSelectors: false } });
  b.resource({ id: b.rid(rg, 'Microsoft.Network', 'localNetworkGateways', 'lgw-onprem'), name: 'lgw-onprem', type: 'Microsoft.Network/localNetworkGateways', location: 'westeurope', properties: { gatewayIpAddress: remoteIp, localNetworkAddressSpace: { addressPrefixes: ['192.168.0.0/16'] } } });
  b.resource({ id: workspaceRid, name: 'law-network-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'vpn-conn-to-onprem-no-traffic', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'S2S tunnel conn-to-onprem carries no traffic', targetId: gw, targetType: 'Microsoft.Network/virtualNetworkGateways', targetGroup: rg, configurationItem: 'vpngw-hub-weu', firedAt: -21 * 60, properties: { team: 'network' } },
    { metricName: 'TunnelAverageBandwidth', metricNamespace: 'Microsoft.Network/virtualNetworkGateways', operator: 'LessThan', threshold: 1, timeAggregation: 'Average', metricValue: 0, windowMinutes: 5, dimensions: [{ name: 'ConnectionName', value: 'conn-to-onprem' }] },
  );
  const manifest = {
    title: 'S2S VPN conn-to-onprem down: IKE proposal mismatch after peer reset',
    summary: 'The on-premises VPN device reset at the incident start and since then offers only AES-GCM/SHA384/ECP384; the gateway custom IPsec policy requires AES-CBC-256/SHA256/DHGroup14, so every SA_INIT ends in NO_PROPOSAL_CHOSEN.',
    workspaces: [{ name: 'law-network-prod', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'vpn_tunnel_down',
    rootCause: 'The peer 198.51.100.24 reset the tunnel (Remotely triggered) and, after a firmware change, proposes only AES-GCM-256 / SHA384 / ECP384; the connection conn-to-onprem has a custom IPsec policy (AES256 / SHA256 / DHGroup14), so every IKE SA_INIT fails with NO_PROPOSAL_CHOSEN and the tunnel stays down.',
    keyTerms: ['NO_PROPOSAL_CHOSEN', 'policy'],
    requiredEvidence: [
      { description: 'The last tunnel state is Disconnected', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'TunnelDiagnosticLog' | top 1 by TimeGenerated desc | where status_s == 'Disconnected'" } },
      { description: 'Repeated IKE negotiation failures with NO_PROPOSAL_CHOSEN', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'IKEDiagnosticLog' and Message has 'NO_PROPOSAL_CHOSEN' | summarize n = count() | where n > 10" } },
      { description: 'The peer now offers SHA384 / ECP384 only', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'IKEDiagnosticLog' and Message has 'ECP384' | take 3" } },
      { description: 'Tunnel bandwidth fell to zero', metric: 'TunnelAverageBandwidth', check: { kind: 'metric', resourceId: gw, namespace: 'Microsoft.Network/virtualNetworkGateways', metric: 'TunnelAverageBandwidth', aggregation: 'Average', operator: 'LessThan', threshold: 1 } },
      { description: 'On-premises servers stopped sending heartbeats', table: 'Heartbeat', check: { kind: 'kql', query: "Heartbeat | where ComputerEnvironment == 'Non-Azure' | summarize lastSeen = max(TimeGenerated) by Computer | where lastSeen < ago(20m)" } },
    ],
    redHerrings: [
      { description: 'A remotely triggered disconnect two hours earlier that reconnected within a second', blame: ['sa lifetime', 'lifetime expired', 'transient'] },
      { description: 'Azure-side VMs keep reporting heartbeats: the gateway and Azure network are healthy', blame: ['azure outage', 'gateway failure'] },
    ],
    recommendedActions: ['Align the IKE proposal: revert the on-premises device to AES256/SHA256/DH14, or add a matching policy to conn-to-onprem (az network vpn-connection ipsec-policy add ...)', 'Reset the connection after the change and confirm TunnelConnected in TunnelDiagnosticLog'],
  };
  return { manifest, alert, answer };
}

export { build };
