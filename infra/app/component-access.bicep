// Log Analytics Reader on one Application Insights component the telemetry tools query
// resource-centrically (app_insights_query). Deployed into the component's own resource group.

@description('Principal id of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Name of the Application Insights component.')
param componentName string

var logAnalyticsReaderRoleId = '73c42c96-874c-492b-b04d-ab87d138a893'

resource component 'Microsoft.Insights/components@2020-02-02' existing = {
  name: componentName
}

resource logAnalyticsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(component.id, appPrincipalId, logAnalyticsReaderRoleId)
  scope: component
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', logAnalyticsReaderRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}
