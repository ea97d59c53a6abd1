import { TableClient, TableServiceClient } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '../errors';

/**
 * How the app reaches its storage account, resolved from the same settings the Functions host
 * uses: a connection string in `AzureWebJobsStorage`, or an identity-based connection
 * (`AzureWebJobsStorage__accountName` or `__blobServiceUri` / `__tableServiceUri`, with
 * `__clientId` for a user-assigned managed identity).
 */
type StorageConnection =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; blobUrl: string; tableUrl: string; credential: TokenCredential };

function resolveStorageConnection(env: NodeJS.ProcessEnv = process.env): StorageConnection {
  const connectionString = env.AzureWebJobsStorage?.trim();
  if (connectionString) {
    if (/^UseDevelopmentStorage=true$/i.test(connectionString)) {
      throw new ConfigError('AzureWebJobsStorage', 'UseDevelopmentStorage=true needs Azurite on its default ports; `npm start` sets a full connection string instead');
    }
    return { kind: 'connectionString', connectionString };
  }
  const account = env.AzureWebJobsStorage__accountName?.trim();
  const blobUrl = env.AzureWebJobsStorage__blobServiceUri?.trim() ?? (account ? `https://${account}.blob.core.windows.net` : undefined);
  const tableUrl = env.AzureWebJobsStorage__tableServiceUri?.trim() ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  if (!blobUrl || !tableUrl) {
    throw new ConfigError('AzureWebJobsStorage', 'is not set: give a connection string, or AzureWebJobsStorage__accountName for an identity-based connection');
  }
  const clientId = env.AzureWebJobsStorage__clientId?.trim();
  const credential = clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
  return { kind: 'identity', blobUrl, tableUrl, credential };
}

/** The storage endpoint to name in errors and health reports (never the key). */
function describeStorage(connection: StorageConnection): string {
  if (connection.kind === 'identity') return connection.blobUrl;
  const endpoint = /BlobEndpoint=([^;]+)/i.exec(connection.connectionString)?.[1];
  const account = /AccountName=([^;]+)/i.exec(connection.connectionString)?.[1];
  return endpoint ?? (account ? `https://${account}.blob.core.windows.net` : 'storage account');
}

function blobServiceClient(connection: StorageConnection): BlobServiceClient {
  return connection.kind === 'connectionString'
    ? BlobServiceClient.fromConnectionString(connection.connectionString)
    : new BlobServiceClient(connection.blobUrl, connection.credential);
}

function tableServiceClient(connection: StorageConnection): TableServiceClient {
  return connection.kind === 'connectionString'
    ? TableServiceClient.fromConnectionString(connection.connectionString, { allowInsecureConnection: isLocal(connection.connectionString) })
    : new TableServiceClient(connection.tableUrl, connection.credential);
}

function tableClient(connection: StorageConnection, tableName: string): TableClient {
  return connection.kind === 'connectionString'
    ? TableClient.fromConnectionString(connection.connectionString, tableName, { allowInsecureConnection: isLocal(connection.connectionString) })
    : new TableClient(connection.tableUrl, tableName, connection.credential);
}

/** Plain HTTP is allowed only for a local emulator (Azurite), never for a real account. */
function isLocal(connectionString: string): boolean {
  return /DefaultEndpointsProtocol=http;/i.test(connectionString) && /(127\.0\.0\.1|localhost|\[::1\])/.test(connectionString);
}

export { resolveStorageConnection, describeStorage, blobServiceClient, tableServiceClient, tableClient };
export type { StorageConnection };
