// The Function App on a Flex Consumption plan, and every app setting it gets. Settings are
// assembled with union() from the feature parameters; later objects win, so the identity-based
// storage and the Key Vault references cannot be overridden by extraAppSettings.
// Not set on purpose: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION (Flex Consumption
// deprecates both: the runtime comes from functionAppConfig.runtime and the platform pins the
// Functions host to v4), WEBSITE_RUN_FROM_PACKAGE and the content-share settings (no file share).

@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for both resources; the app also gets azd-service-name so `azd deploy` finds it.')
param tags object = {}

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity (storage, Key Vault references, App Insights and telemetry tools use it).')
param identityClientId string

@description('Storage account for AzureWebJobsStorage, the task hub and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account, with the trailing slash.')
param storageBlobEndpoint string

@description('Container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (ingestion needs Entra auth as well).')
param applicationInsightsConnectionString string

@description('Key Vault URI, with the trailing slash.')
param keyVaultUri string

@description('Secret app settings to write as Key Vault references (the secret is named after the setting, with - for _).')
param keyVaultSecretSettings array = []

@description('Durable Functions task hub name (host.json reads %TASKHUB_NAME%).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'IncidentResponder'

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('How Azure Monitor action-group webhooks authenticate: function-key or entra (Secure Webhook).')
@allowed([
  'function-key'
  'entra'
])
param azureMonitorAuth string = 'function-key'

@description('Who may open the dashboard and the ops API: key or entra (App Service Authentication, configured by auth.bicep).')
@allowed([
  'key'
  'entra'
])
param opsAuth string = 'key'

@description('Tenant of the Secure Webhook app registration (entra only); defaults to this deployment\'s tenant.')
param azureMonitorEntraTenantId string = ''

@description('Accepted token audiences of the Secure Webhook (entra only): the app registration client id and/or its Application ID URI.')
param azureMonitorEntraAudiences array = []

@description('How the ServiceNow business rule authenticates: hmac or basic.')
@allowed([
  'hmac'
  'basic'
])
param serviceNowInboundAuth string = 'hmac'

@description('Basic-auth user name the ServiceNow business rule sends (basic only).')
param serviceNowInboundBasicUser string = ''

@description('Log Analytics workspaces the model may query: objects { name, workspaceId, resourceId }.')
param telemetryWorkspaces array = []

@description('Application Insights components the model may query: objects { name, resourceId, workspace? }.')
param telemetryAppInsights array = []

@description('Subscription ids resource_graph_query is scoped to.')
param telemetrySubscriptionIds array = []

@description('Default region of the Azure Monitor metrics endpoint.')
param telemetryMetricsRegion string

@description('Further non-secret app settings (name: value), e.g. ANTHROPIC_MODEL or TELEMETRY_MAX_ROWS. Never put secrets here: use the Key Vault parameters.')
param extraAppSettings object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    // Linux: Flex Consumption runs on Linux only.
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (it holds Key Vault Secrets User).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '20'
      }
    }
  }
}

// Identity-based host storage: the Functions host, the Durable task hub and shared/storage all
// read these (no AzureWebJobsStorage connection string exists).
var platformSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var coreSettings = {
  TASKHUB_NAME: taskHubName
  PUBLIC_BASE_URL: 'https://${functionApp.properties.defaultHostName}'
  AZURE_CLIENT_ID: identityClientId
  OPS_AUTH: opsAuth
}

var azureMonitorSettings = union(
  {
    AZURE_MONITOR_AUTH: azureMonitorAuth
  },
  azureMonitorAuth == 'entra'
    ? {
        AZURE_MONITOR_ENTRA_TENANT_ID: empty(azureMonitorEntraTenantId) ? tenant().tenantId : azureMonitorEntraTenantId
        AZURE_MONITOR_ENTRA_AUDIENCES: join(azureMonitorEntraAudiences, ',')
      }
    : {}
)

var serviceNowSettings = union(
  {
    SERVICENOW_INBOUND_AUTH: serviceNowInboundAuth
  },
  serviceNowInboundAuth == 'basic'
    ? {
        SERVICENOW_INBOUND_BASIC_USER: serviceNowInboundBasicUser
      }
    : {}
)

var appInsightsWorkspacePairs = map(
  filter(telemetryAppInsights, component => !empty(component.?workspace ?? '')),
  component => '${component.name}=${component.workspace}'
)

// Each telemetry tool exists only when its setting is present, so absent targets leave it unset.
var telemetrySettings = union(
  {
    TELEMETRY_CREDENTIAL: 'managed-identity'
    TELEMETRY_METRICS_REGION: telemetryMetricsRegion
  },
  empty(telemetryWorkspaces)
    ? {}
    : {
        TELEMETRY_WORKSPACES: join(map(telemetryWorkspaces, workspace => '${workspace.name}=${workspace.workspaceId}'), ',')
      },
  empty(telemetryAppInsights)
    ? {}
    : {
        TELEMETRY_APP_INSIGHTS: join(map(telemetryAppInsights, component => '${component.name}=${component.resourceId}'), ',')
      },
  empty(appInsightsWorkspacePairs)
    ? {}
    : {
        TELEMETRY_APP_INSIGHTS_WORKSPACES: join(appInsightsWorkspacePairs, ',')
      },
  empty(telemetrySubscriptionIds)
    ? {}
    : {
        TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: join(telemetrySubscriptionIds, ',')
      }
)

// Versionless references: a new secret version is picked up without redeploying.
var secretReferenceSettings = toObject(
  keyVaultSecretSettings,
  setting => setting,
  setting => '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${replace(setting, '_', '-')})'
)

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(
    coreSettings,
    azureMonitorSettings,
    serviceNowSettings,
    telemetrySettings,
    extraAppSettings,
    secretReferenceSettings,
    platformSettings
  )
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
output id string = functionApp.id
