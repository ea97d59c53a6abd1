/**
 * The durable client binding's input data, shaped like the Durable extension's
 * (`EXT/Bindings/BindingHelper.cs`): creation and management URL templates on the public
 * webhook route (with the system key), and `rpcBaseUrl` for the client's own calls.
 */
function durableClientInput(origin: string, taskHub: string, systemKey: string): Record<string, unknown> {
  const base = `${origin}/runtime/webhooks/durabletask`;
  const common = `taskHub=${encodeURIComponent(taskHub)}&connection=Storage&code=${encodeURIComponent(systemKey)}`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: taskHub,
    connectionName: 'Storage',
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?code=${encodeURIComponent(systemKey)}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${encodeURIComponent(systemKey)}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${common}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${common}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${common}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${common}`,
      purgeHistoryDeleteUri: `${instance}?${common}`,
      restartPostUri: `${instance}/restart?${common}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${common}`,
      resumePostUri: `${instance}/resume?reason={text}&${common}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: `code=${encodeURIComponent(systemKey)}`,
    rpcBaseUrl: `${origin}/durabletask/`,
    httpBaseUrl: base,
  };
}

export { durableClientInput };
