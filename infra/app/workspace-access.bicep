// Log Analytics Reader on one workspace the telemetry tools query (log_analytics_query,
// list_tables, describe_table). Deployed into the workspace's own resource group.

@description('Principal id of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Name of the Log Analytics workspace.')
param workspaceName string

var logAnalyticsReaderRoleId = '73c42c96-874c-492b-b04d-ab87d138a893'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource logAnalyticsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, appPrincipalId, logAnalyticsReaderRoleId)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', logAnalyticsReaderRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}
