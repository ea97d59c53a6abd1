// Key Vault for the app's secrets (RBAC mode, no access policies). Each secret app setting whose
// value is given at deployment is stored here under the setting's name with '-' for '_'; the app
// setting itself only holds a Key Vault reference (see api.bicep).

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Turn on purge protection (recommended for production; it cannot be turned off again, and the vault name stays reserved for the retention period after deletion).')
param enablePurgeProtection bool = false

@description('Secret values keyed by app setting name (e.g. ANTHROPIC_API_KEY). Empty values are skipped, so a secret you manage in the vault yourself is never overwritten.')
@secure()
param secretValues object = {}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // RBAC mode: the app identity gets Key Vault Secrets User (read secret values) and nothing else.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The service rejects false here; null leaves purge protection off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for secret in items(secretValues): if (!empty(secret.value)) {
    parent: vault
    name: replace(secret.key, '_', '-')
    properties: {
      value: secret.value
      contentType: 'text/plain'
    }
  }
]

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
