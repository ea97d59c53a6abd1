// Azure deployment of the incident responder: a Flex Consumption Function App (Node 20, Functions
// v4, Durable Functions on the Azure Storage backend) running as one user-assigned managed
// identity, with identity-only storage, Key Vault references for secrets, Application Insights,
// and optional read access to the subscriptions and workspaces the telemetry tools investigate.
// Outputs become azd environment values. See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create or reuse. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Principal id of whoever deploys (azd fills AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer on the vault so it can set secrets. Empty: no grant.')
param principalId string = ''

@description('Kind of principal principalId is (ServicePrincipal for a pipeline).')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Durable Functions task hub name (TASKHUB_NAME): 3-45 letters or digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'IncidentResponder'

@description('Most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days the app\'s own Log Analytics workspace keeps its logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Turn on Key Vault purge protection (recommended for production; irreversible).')
param keyVaultPurgeProtection bool = false

@description('How Azure Monitor action-group webhooks authenticate (AZURE_MONITOR_AUTH).')
@allowed([
  'function-key'
  'entra'
])
param azureMonitorAuth string = 'function-key'

@description('Tenant of the Secure Webhook app registration (AZURE_MONITOR_ENTRA_TENANT_ID, entra only). Empty: this tenant.')
param azureMonitorEntraTenantId string = ''

@description('Accepted Secure Webhook token audiences (AZURE_MONITOR_ENTRA_AUDIENCES, entra only): the app registration client id and/or its Application ID URI.')
param azureMonitorEntraAudiences array = []

@description('Who may open the dashboard and the ops API (OPS_AUTH): key (a function key) or entra (people signed in with Entra ID through App Service Authentication, which this template then configures).')
@allowed([
  'key'
  'entra'
])
param opsAuth string = 'key'

@description('Client id of the Entra app registration people sign in to the dashboard with (opsAuth entra only).')
param opsAuthClientId string = ''

@description('How the ServiceNow business rule authenticates (SERVICENOW_INBOUND_AUTH).')
@allowed([
  'hmac'
  'basic'
])
param serviceNowInboundAuth string = 'hmac'

@description('Basic-auth user name of the ServiceNow business rule (SERVICENOW_INBOUND_BASIC_USER, basic only).')
param serviceNowInboundBasicUser string = ''

@description('A Log Analytics workspace the telemetry tools may query.')
type telemetryWorkspace = {
  @description('Name the model uses to choose the workspace.')
  name: string

  @description('Workspace id: the GUID the query API takes ("Workspace ID" on the workspace overview).')
  workspaceId: string

  @description('ARM resource id of the workspace; the app identity gets Log Analytics Reader on it.')
  resourceId: string
}

@description('An Application Insights component the telemetry tools may query.')
type telemetryComponent = {
  @description('Name the model uses to choose the component.')
  name: string

  @description('ARM resource id of the component; the app identity gets Log Analytics Reader on it.')
  resourceId: string

  @description('Name (from telemetryWorkspaces) of the workspace storing its telemetry, whose schema validates queries.')
  workspace: string?
}

@description('Log Analytics workspaces for log_analytics_query, list_tables and describe_table (TELEMETRY_WORKSPACES). Empty: those tools are off.')
param telemetryWorkspaces telemetryWorkspace[] = []

@description('Application Insights components for app_insights_query (TELEMETRY_APP_INSIGHTS). Empty: that tool is off.')
param telemetryAppInsights telemetryComponent[] = []

@description('Subscriptions the app investigates: resource_graph_query scope (TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS) and where the grants below apply. Empty: no subscription-wide access.')
param telemetrySubscriptionIds string[] = []

@description('Grant the app identity Reader on each of telemetrySubscriptionIds (Resource Graph, metrics, resource-context logs).')
param grantSubscriptionReader bool = true

@description('Grant the app identity Monitoring Contributor on each of telemetrySubscriptionIds, so it can change Azure Monitor alert state. Off unless you want that write-back.')
param grantAlertStateChange bool = false

@description('Default region of the Azure Monitor metrics endpoint (TELEMETRY_METRICS_REGION). Empty: the deployment region.')
param telemetryMetricsRegion string = ''

@description('Further non-secret app settings (name: value), e.g. {"ANTHROPIC_MODEL": "...", "TELEMETRY_MAX_ROWS": "500"}. Secrets never go here.')
param extraAppSettings object = {}

@secure()
@description('Anthropic API key (ANTHROPIC_API_KEY), stored in Key Vault. Empty: no model, investigations run the plans\' deterministic checks.')
param anthropicApiKey string = ''

@secure()
@description('PagerDuty webhook signing secrets, comma-separated (PAGERDUTY_WEBHOOK_SECRETS), stored in Key Vault.')
param pagerDutyWebhookSecrets string = ''

@secure()
@description('ServiceNow HMAC shared secrets, comma-separated (SERVICENOW_INBOUND_HMAC_SECRETS), stored in Key Vault.')
param serviceNowInboundHmacSecrets string = ''

@secure()
@description('ServiceNow basic-auth password (SERVICENOW_INBOUND_BASIC_PASSWORD), stored in Key Vault.')
param serviceNowInboundBasicPassword string = ''

@secure()
@description('Event Grid delivery secret (EVENT_GRID_DELIVERY_SECRET), stored in Key Vault.')
param eventGridDeliverySecret string = ''

@secure()
@description('Literal strings to redact before text reaches the model, logs or outside systems (GOVERNANCE_REDACT_LITERALS), stored in Key Vault.')
param governanceRedactLiterals string = ''

@secure()
@description('Event Grid topic access key for publishing results (leave empty to publish with the app identity where supported) (EVENTGRID_TOPIC_KEY), stored in Key Vault.')
param eventGridTopicKey string = ''

@secure()
@description('PagerDuty REST API token for notes and status write-back (PAGERDUTY_API_TOKEN), stored in Key Vault.')
param pagerDutyApiToken string = ''

@secure()
@description('ServiceNow password for work-note write-back (SERVICENOW_PASSWORD), stored in Key Vault.')
param serviceNowPassword string = ''

@secure()
@description('ServiceNow OAuth client secret for work-note write-back (SERVICENOW_CLIENT_SECRET), stored in Key Vault.')
param serviceNowClientSecret string = ''

@secure()
@description('Teams workflow webhook URL (it embeds a signature, so it is a secret) (TEAMS_WORKFLOW_URL), stored in Key Vault.')
param teamsWorkflowUrl string = ''

@description('Secret settings whose value you keep in Key Vault yourself (az keyvault secret set, secret named after the setting with - for _). Their app settings become Key Vault references even though no value is passed here, and a redeploy never overwrites them.')
@allowed([
  'ANTHROPIC_API_KEY'
  'PAGERDUTY_WEBHOOK_SECRETS'
  'SERVICENOW_INBOUND_HMAC_SECRETS'
  'SERVICENOW_INBOUND_BASIC_PASSWORD'
  'EVENT_GRID_DELIVERY_SECRET'
  'GOVERNANCE_REDACT_LITERALS'
  'EVENTGRID_TOPIC_KEY'
  'PAGERDUTY_API_TOKEN'
  'SERVICENOW_PASSWORD'
  'SERVICENOW_CLIENT_SECRET'
  'TEAMS_WORKFLOW_URL'
])
param keyVaultManagedSecrets string[] = []

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Secret values by app setting name; only non-empty ones are written to the vault.
var secretValues = {
  ANTHROPIC_API_KEY: anthropicApiKey
  PAGERDUTY_WEBHOOK_SECRETS: pagerDutyWebhookSecrets
  SERVICENOW_INBOUND_HMAC_SECRETS: serviceNowInboundHmacSecrets
  SERVICENOW_INBOUND_BASIC_PASSWORD: serviceNowInboundBasicPassword
  EVENT_GRID_DELIVERY_SECRET: eventGridDeliverySecret
  GOVERNANCE_REDACT_LITERALS: governanceRedactLiterals
  EVENTGRID_TOPIC_KEY: eventGridTopicKey
  PAGERDUTY_API_TOKEN: pagerDutyApiToken
  SERVICENOW_PASSWORD: serviceNowPassword
  SERVICENOW_CLIENT_SECRET: serviceNowClientSecret
  TEAMS_WORKFLOW_URL: teamsWorkflowUrl
}

// Settings that become Key Vault references: a value was given now, or you manage it in the vault.
var keyVaultSecretSettings = union(
  empty(anthropicApiKey) ? [] : ['ANTHROPIC_API_KEY'],
  empty(pagerDutyWebhookSecrets) ? [] : ['PAGERDUTY_WEBHOOK_SECRETS'],
  empty(serviceNowInboundHmacSecrets) ? [] : ['SERVICENOW_INBOUND_HMAC_SECRETS'],
  empty(serviceNowInboundBasicPassword) ? [] : ['SERVICENOW_INBOUND_BASIC_PASSWORD'],
  empty(eventGridDeliverySecret) ? [] : ['EVENT_GRID_DELIVERY_SECRET'],
  empty(governanceRedactLiterals) ? [] : ['GOVERNANCE_REDACT_LITERALS'],
  empty(eventGridTopicKey) ? [] : ['EVENTGRID_TOPIC_KEY'],
  empty(pagerDutyApiToken) ? [] : ['PAGERDUTY_API_TOKEN'],
  empty(serviceNowPassword) ? [] : ['SERVICENOW_PASSWORD'],
  empty(serviceNowClientSecret) ? [] : ['SERVICENOW_CLIENT_SECRET'],
  empty(teamsWorkflowUrl) ? [] : ['TEAMS_WORKFLOW_URL'],
  keyVaultManagedSecrets
)

var subscriptionGrantsWanted = grantSubscriptionReader || grantAlertStateChange

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity './app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault './app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    secretValues: secretValues
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  // The app starts using storage and Key Vault as soon as its settings land: grant first.
  dependsOn: [
    rbac
  ]
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultUri: keyVault.outputs.uri
    keyVaultSecretSettings: keyVaultSecretSettings
    taskHubName: taskHubName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    azureMonitorAuth: azureMonitorAuth
    opsAuth: opsAuth
    azureMonitorEntraTenantId: azureMonitorEntraTenantId
    azureMonitorEntraAudiences: azureMonitorEntraAudiences
    serviceNowInboundAuth: serviceNowInboundAuth
    serviceNowInboundBasicUser: serviceNowInboundBasicUser
    telemetryWorkspaces: telemetryWorkspaces
    telemetryAppInsights: telemetryAppInsights
    telemetrySubscriptionIds: telemetrySubscriptionIds
    telemetryMetricsRegion: empty(telemetryMetricsRegion) ? location : telemetryMetricsRegion
    extraAppSettings: extraAppSettings
  }
}

module opsSignIn './app/auth.bicep' = if (opsAuth == 'entra') {
  name: 'ops-sign-in'
  scope: rg
  params: {
    functionAppName: api.outputs.name
    clientId: opsAuthClientId
  }
}

// Read access for the telemetry tools, granted where the targets live (any subscription the
// deployer may assign roles in). Resource ids split as /subscriptions/{2}/resourceGroups/{4}/providers/{6}/{7}/{8}.
module subscriptionAccess './app/subscription-access.bicep' = [
  for subscriptionId in (subscriptionGrantsWanted ? telemetrySubscriptionIds : []): {
    name: 'subscription-access-${uniqueString(subscriptionId, resourceToken)}'
    scope: subscription(subscriptionId)
    params: {
      appPrincipalId: identity.outputs.principalId
      grantReader: grantSubscriptionReader
      grantMonitoringContributor: grantAlertStateChange
    }
  }
]

module workspaceAccess './app/workspace-access.bicep' = [
  for workspace in telemetryWorkspaces: {
    name: 'workspace-access-${uniqueString(workspace.resourceId, resourceToken)}'
    scope: resourceGroup(split(workspace.resourceId, '/')[2], split(workspace.resourceId, '/')[4])
    params: {
      appPrincipalId: identity.outputs.principalId
      workspaceName: last(split(workspace.resourceId, '/'))
    }
  }
]

module componentAccess './app/component-access.bicep' = [
  for component in telemetryAppInsights: {
    name: 'component-access-${uniqueString(component.resourceId, resourceToken)}'
    scope: resourceGroup(split(component.resourceId, '/')[2], split(component.resourceId, '/')[4])
    params: {
      appPrincipalId: identity.outputs.principalId
      componentName: last(split(component.resourceId, '/'))
    }
  }
]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
