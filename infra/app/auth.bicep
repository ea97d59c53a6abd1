// App Service Authentication (Easy Auth) with Entra ID in front of the dashboard and the ops API
// (OPS_AUTH=entra). Unauthenticated requests still reach the app (AllowAnonymous): the webhooks
// authenticate themselves (HMAC, keys, Secure Webhook tokens), and the app answers the dashboard
// and ops routes only for a signed-in principal, redirecting pages to /.auth/login/aad. Easy Auth
// strips client-sent x-ms-client-principal headers, which is what makes them trustworthy.

@description('Name of the function app.')
param functionAppName string

@description('Client id of the Entra app registration people sign in to (its redirect URI: https://<app>.azurewebsites.net/.auth/login/aad/callback, with ID tokens enabled).')
param clientId string

@description('Tenant of the app registration; defaults to this deployment\'s tenant.')
param tenantId string = tenant().tenantId

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
