// Grants on one target subscription the telemetry tools investigate. Deployed once per
// subscription id (main.bicep scopes it with subscription(id)).
targetScope = 'subscription'

@description('Principal id of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Grant Reader: Resource Graph queries, metrics and resource-context log reads across the subscription.')
param grantReader bool = true

@description('Grant Monitoring Contributor: lets the app change Azure Monitor alert state (acknowledge, close) as a write-back.')
param grantMonitoringContributor bool = false

var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
var monitoringContributorRoleId = '749f88d5-cbae-40b8-bcfc-e573ddc772fa'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantReader) {
  name: guid(subscription().id, appPrincipalId, readerRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource monitoringContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantMonitoringContributor) {
  name: guid(subscription().id, appPrincipalId, monitoringContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringContributorRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}
