// Meld fra on Azure: one instance for all of a municipality's schools.
//
// A user-assigned managed identity is the bot's identity (Azure Bot, msaAppType UserAssignedMSI)
// and the service's identity for Table Storage, Key Vault and, if you choose it, Microsoft Graph.
// No storage keys and no bot password exist anywhere. See docs/deploy.md.
//
//   az deployment group create -g <resource group> -f infra/main.bicep \
//     -p @infra/main.parameters.json -p linkSecret="$(openssl rand -base64 48)"
//
// Objects and arrays are written one property per line so that older Bicep CLIs read them too.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Starts every resource name. 3-12 lowercase letters and digits, starting with a letter (storage account and Key Vault names allow nothing else).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'meldfra'

@description('Region for everything except the bot registration, which is always global.')
param location string = resourceGroup().location

@description('App Service plan size. B1 is enough for a municipality; P0v3 gives more memory and faster scale-out.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServiceSku string = 'B1'

@description('Number of App Service instances. Several instances share the reminders safely (reminder claims).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Runtime of the web app: Node 22 LTS, what production is built and tested for (Node 20 reached end of life in April 2026).')
@allowed([
  'NODE|22-lts'
  'NODE|24-lts'
])
param linuxFxVersion string = 'NODE|22-lts'

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Azure Bot pricing tier. Teams is a standard channel, free on F0.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('The bot\'s name as shown in the Azure portal.')
param botDisplayName string = 'Meld fra'

@description('Put before every table name (TABLE_PREFIX): letters and digits, starting with a letter, or empty. Lets several deployments share one storage account.')
@maxLength(21)
param tablePrefix string = ''

@description('local: meetings as .ics files, no Graph permission needed. graph: Outlook meetings through Microsoft Graph (grant the permissions first, see the README).')
@allowed([
  'local'
  'graph'
])
param calendar string = 'local'

@description('ROSTER: where elevsamtaler rosters come from. typed: the kontaktlærer writes the names; graph: classes, teachers and pupils from School Data Sync through Microsoft Graph (application permission EduRoster.Read.All, admin consent; graphSchoolId in each school file, see README).')
@allowed([
  'typed'
  'graph'
])
param roster string = 'typed'

@description('ROSTER_CACHE_SECONDS: how long a class list read from Graph is held, with roster graph.')
@minValue(0)
@maxValue(3600)
param rosterCacheSeconds int = 60

@description('The app Graph tokens are issued to. Empty: the managed identity (recommended). Set it only for an app registration with a client secret.')
param graphClientId string = ''

@description('Only with graphClientId: that app registration\'s client secret. Stored in Key Vault, never in app settings.')
@secure()
param graphClientSecret string = ''

@description('At least 32 random characters; signs the links to meeting files and case exports. For example: openssl rand -base64 48')
@secure()
@minLength(32)
param linkSecret string

@description('Object id of a user or group allowed to read and write the tables, e.g. the admin who runs npm run admin -- import. Empty: nobody but the service.')
param adminPrincipalId string = ''

@description('Whether adminPrincipalId is a user or a group.')
@allowed([
  'User'
  'Group'
])
param adminPrincipalType string = 'User'

@description('How much the service logs (LOG_LEVEL). info is right for production; debug only while looking for a fault.')
@allowed([
  'error'
  'warn'
  'info'
  'debug'
])
param logLevel string = 'info'

@description('ENTRA_SYNC: staff detection from each school\'s Entra ID security group (staffGroupId in the school file). Needs the GroupMember.Read.All permission (see docs/deploy.md).')
param entraSync bool = false

@description('BACKUP_DAILY: a backup of every table to the WORM container `backups` each night from 02:00 Oslo time (docs/backup.md).')
param backupDaily bool = true

@description('Days a backup can be neither changed nor deleted (WORM); a lifecycle rule deletes it the day after.')
@minValue(1)
@maxValue(3650)
param backupRetentionDays int = 30

@description('ENTRA_SYNC_MINUTES: how often the staff groups are read, with entraSync.')
@minValue(5)
@maxValue(1440)
param entraSyncMinutes int = 60

@description('REMINDER_SWEEP_SECONDS: how often due reminders are looked for.')
@minValue(1)
@maxValue(3600)
param reminderSweepSeconds int = 60

@description('NOTICE_SWEEP_SECONDS: how often queued notices to rektor and staff are sent.')
@minValue(1)
@maxValue(3600)
param noticeSweepSeconds int = 10

@description('SHUTDOWN_TIMEOUT_SECONDS: how long a graceful stop (restart, scale-in, deploy) may take.')
@minValue(1)
@maxValue(600)
param shutdownTimeoutSeconds int = 20

@description('SHUTDOWN_DRAIN_SECONDS: after a stop signal, how long /readyz answers 503 while requests are still taken, so the load balancer stops sending new ones first.')
@minValue(0)
@maxValue(60)
param shutdownDrainSeconds int = 5

@description('STARTUP_STORAGE_WAIT_SECONDS: how long a starting instance waits for storage (a new role assignment can take minutes to apply).')
@minValue(0)
@maxValue(3600)
param startupStorageWaitSeconds int = 300

@description('CONNECTOR_SERVICE_URL: the Bot Framework connector for messages the service starts itself (reminders). The EMEA one for Norway.')
param connectorServiceUrl string = 'https://smba.trafficmanager.net/emea/'

@description('ALLOWED_TENANT_IDS: comma-separated Entra tenant ids whose Teams users may use the service. Empty: the managed identity\'s own tenant only.')
param allowedTenantIds string = ''

@description('ICS_LINK_DAYS: how many days after a meeting its .ics link still works.')
@minValue(1)
@maxValue(365)
param icsLinkDays int = 30

@description('REPORTS_PER_HOUR: how many skolemiljø reports one user may send in an hour (a limit against floods; the refusal keeps what was typed).')
@minValue(1)
@maxValue(1000)
param reportsPerHour int = 10

@description('SIGNIN_CLIENT_ID: the Entra app registration browsers sign in to before a case export downloads (web redirect URI https://<web app>/exports/signin). Empty: no PDF export. See docs/deploy.md.')
param signInClientId string = ''

@description('Only with signInClientId: that app registration\'s client secret. Stored in Key Vault. Empty: a federated credential trusting the managed identity.')
@secure()
param signInClientSecret string = ''

@description('ARCHIVE: none, or fiks (every case journaled in the municipality\'s Noark archive through KS Fiks Arkiv over Fiks IO; the fiks* and maskinporten* parameters, docs/fiks-io.md). files needs a folder an integration platform reads, not set up here.')
@allowed([
  'none'
  'fiks'
])
param archive string = 'none'

@description('Only with archive=fiks: KS\'s prod or test environment (Fiks IO\'s hosts, Maskinporten\'s).')
@allowed([
  'prod'
  'test'
])
param fiksEnvironment string = 'prod'

@description('Only with archive=fiks: our Fiks IO account id (the archive\'s replies come to its queue), from Fiks Forvaltning.')
param fiksAccountId string = ''

@description('Only with archive=fiks: the archive\'s Fiks IO account id, which the messages go to.')
param fiksArchiveAccountId string = ''

@description('Only with archive=fiks: the Fiks integration\'s id (Fiks Forvaltning).')
param fiksIntegrationId string = ''

@description('Only with archive=fiks: the Fiks integration\'s password. Stored in Key Vault, never in app settings.')
@secure()
param fiksIntegrationPassword string = ''

@description('Only with archive=fiks: our Fiks IO account\'s private key, PKCS#8 PEM (the replies are encrypted for its certificate). Stored in Key Vault.')
@secure()
param fiksAccountPrivateKey string = ''

@description('Only with archive=fiks: the Maskinporten client id of the Fiks integration (scope ks:fiks).')
param maskinportenClientId string = ''

@description('Only with archive=fiks: the enterprise certificate (virksomhetssertifikat) registered for that client, PEM. Public: an app setting.')
param maskinportenCertificate string = ''

@description('Only with archive=fiks: the enterprise certificate\'s private key, PEM. Stored in Key Vault.')
@secure()
param maskinportenPrivateKey string = ''

@description('Private networking: the tables and Key Vault are reached only over private endpoints from the web app\'s virtual network, and refuse the public internet (except adminIpRanges).')
param privateNetworking bool = false

@description('With privateNetworking: resource id of the subnet the web app joins (VNet integration; delegated to Microsoft.Web/serverFarms).')
param appSubnetId string = ''

@description('With privateNetworking: resource id of the subnet the private endpoints of storage and Key Vault go in.')
param privateEndpointSubnetId string = ''

@description('With privateNetworking: public IP ranges (CIDR) still let through the storage and Key Vault firewalls, e.g. the IT office that runs admin import and backups. Empty: none.')
param adminIpRanges array = []

@description('Days the Log Analytics workspace keeps logs and traces.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags put on every resource.')
param tags object = {
  app: 'meld-fra'
}

// ---------------------------------------------------------------------------------------------
// Names and constants
// ---------------------------------------------------------------------------------------------

// Globally unique names need a suffix; the same resource group and prefix always give the same one.
var suffix = take(uniqueString(resourceGroup().id, namePrefix), 8)
var identityName = '${namePrefix}-id-${suffix}'
var storageAccountName = '${namePrefix}st${suffix}'
var keyVaultName = '${namePrefix}-kv-${suffix}'
var workspaceName = '${namePrefix}-log-${suffix}'
var appInsightsName = '${namePrefix}-ai-${suffix}'
var planName = '${namePrefix}-plan-${suffix}'
var webAppName = '${namePrefix}-app-${suffix}'
var botName = '${namePrefix}-bot-${suffix}'

// Every table the service opens (tables.client('...') in src/adapters/tables and src/adapters/local),
// without TABLE_PREFIX. test/infra checks this list against the code.
var tableNames = [
  'Annual'
  'ArchiveSent'
  'CaseLog'
  'Cases'
  'Complaints'
  'Conversations'
  'Counters'
  'Idempotency'
  'Leave'
  'Meetings'
  'Messages'
  'Notices'
  'People'
  'Preferences'
  'PupilTalks'
  'Schools'
  'StaffComplaints'
]

// Built-in role definitions: ids from Microsoft's «Azure built-in roles» pages, kept with their
// source in infra/builtin-roles.json (test/infra/roles.test.ts checks every id here against it).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

// Private networking: the virtual network is the part of the subnet id before /subnets/.
var usePrivate = privateNetworking && !empty(appSubnetId) && !empty(privateEndpointSubnetId)
var vnetId = usePrivate ? substring(privateEndpointSubnetId, 0, indexOf(privateEndpointSubnetId, '/subnets/')) : ''
var firewallIpRules = [for r in adminIpRanges: {
  value: r
  action: 'Allow'
}]
var vaultIpRules = [for r in adminIpRanges: {
  value: r
}]

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Storage: Azure Table Storage, Entra ID only
// ---------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: usePrivate && empty(adminIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: usePrivate ? 'Deny' : 'Allow'
      ipRules: usePrivate ? firewallIpRules : []
    }
  }
}

// The records must be kept: nobody deletes the account (or the resource group under it) by mistake.
// Removing the lock is a deliberate, logged step of its own (docs/deploy.md).
resource storageLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: '${storageAccountName}-keep'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Meld fra: case records that must be kept. See docs/deploy.md before removing.'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Created here so the service needs no right to create tables, and a typo in TABLE_PREFIX shows.
resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tableNames: {
  parent: tableService
  name: '${tablePrefix}${t}'
}]

resource identityTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Backups (docs/backup.md): Azure Tables has no point-in-time restore, so every table is copied each
// night to a container whose blobs cannot be changed or deleted for backupRetentionDays (WORM).
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'backups'
  properties: {
    publicAccess: 'None'
  }
}

// Created unlocked so a first deployment can be corrected; docs/backup.md says how to lock it.
resource backupWorm 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: backupContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: backupRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource backupLifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-expired-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [ 'backups/' ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: backupRetentionDays + 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource identityBackups 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(backupContainer.id, identity.id, storageBlobDataContributor)
  scope: backupContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource adminTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(storage.id, adminPrincipalId, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: adminPrincipalId
    principalType: adminPrincipalType
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: the link secret (and the Graph and sign-in client secrets and the Fiks secrets, only if used)
// ---------------------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: usePrivate && empty(adminIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: usePrivate ? 'Deny' : 'Allow'
      ipRules: usePrivate ? vaultIpRules : []
    }
  }
}

resource linkSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'link-secret'
  properties: {
    value: linkSecret
  }
}

resource graphSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(graphClientSecret)) {
  parent: vault
  name: 'graph-client-secret'
  properties: {
    value: graphClientSecret
  }
}

resource signInSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(signInClientSecret)) {
  parent: vault
  name: 'signin-client-secret'
  properties: {
    value: signInClientSecret
  }
}

// ARCHIVE=fiks: the integration's password and the two private keys.
resource fiksPasswordValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (archive == 'fiks') {
  parent: vault
  name: 'fiks-integration-password'
  properties: {
    value: fiksIntegrationPassword
  }
}

resource fiksAccountKeyValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (archive == 'fiks') {
  parent: vault
  name: 'fiks-account-private-key'
  properties: {
    value: fiksAccountPrivateKey
  }
}

resource maskinportenKeyValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (archive == 'fiks') {
  parent: vault
  name: 'maskinporten-private-key'
  properties: {
    value: maskinportenPrivateKey
  }
}

resource identitySecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------
// Private networking (optional): private endpoints for the tables and Key Vault, with their DNS
// ---------------------------------------------------------------------------------------------

var privateLinks = [
  {
    name: 'table'
    zone: 'privatelink.table.${environment().suffixes.storage}'
  }
  {
    name: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
]

resource privateZones 'Microsoft.Network/privateDnsZones@2020-06-01' = [for l in privateLinks: if (usePrivate) {
  name: l.zone
  location: 'global'
  tags: tags
}]

resource privateZoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [for (l, i) in privateLinks: if (usePrivate) {
  parent: privateZones[i]
  name: '${namePrefix}-link'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2023-11-01' = [for (l, i) in privateLinks: if (usePrivate) {
  name: '${namePrefix}-pe-${l.name}-${suffix}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: l.name
        properties: {
          privateLinkServiceId: l.name == 'table' ? storage.id : vault.id
          groupIds: [
            l.name
          ]
        }
      }
    ]
  }
}]

resource privateZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = [for (l, i) in privateLinks: if (usePrivate) {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: l.name
        properties: {
          privateDnsZoneId: privateZones[i].id
        }
      }
    ]
  }
}]

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Telemetry only with an Entra token (the managed identity, Monitoring Metrics Publisher):
    // the connection string alone no longer lets anyone write into this resource.
    DisableLocalAuth: true
  }
}

resource identityTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The audit trail IT asks for: who read, wrote or deleted table entities (StorageRead/Write/Delete
// in StorageTableLogs), the web app's own logs, and every Key Vault secret read.
resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// The service: App Service on Linux, Node
// ---------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: usePrivate ? appSubnetId : null
    siteConfig: {
      // With private networking all outbound traffic (tables, Key Vault references) goes through the VNet.
      vnetRouteAllEnabled: usePrivate
      linuxFxVersion: linuxFxVersion
      // package.json's start script runs the local development stack; production runs the build.
      // The heap cap (the same in the Dockerfile and npm run serve) also sets how far V8 lets the heap
      // grow between collections: uncapped, V8 sizes that to the machine's memory, and on a machine of
      // 16 GB or more kept 3-5 times the ~60 MB in use after a load, RSS up to 370 MB; capped, about
      // 210 MB (bench/README.md, «the service's memory»). 512 MB is eight times the heap in use.
      appCommandLine: 'node --max-old-space-size=512 dist/src/main.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/readyz'
    }
  }
}

// Exactly the names src/config.ts reads, plus the platform's own (test/infra checks them).
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: union({
    NODE_ENV: 'production'
    // App Service forwards to the container's address, not to 127.0.0.1 (config's default); it sets PORT itself.
    HOST: '0.0.0.0'
    // Every operator setting is a parameter: a deployment replaces all app settings, so one set by
    // hand in the portal would be lost on the next deploy (docs/deploy.md).
    LOG_LEVEL: logLevel
    ENTRA_SYNC: string(entraSync)
    BACKUP_DAILY: string(backupDaily)
    ENTRA_SYNC_MINUTES: string(entraSyncMinutes)
    REMINDER_SWEEP_SECONDS: string(reminderSweepSeconds)
    NOTICE_SWEEP_SECONDS: string(noticeSweepSeconds)
    SHUTDOWN_TIMEOUT_SECONDS: string(shutdownTimeoutSeconds)
    SHUTDOWN_DRAIN_SECONDS: string(shutdownDrainSeconds)
    STARTUP_STORAGE_WAIT_SECONDS: string(startupStorageWaitSeconds)
    CONNECTOR_SERVICE_URL: connectorServiceUrl
    ALLOWED_TENANT_IDS: allowedTenantIds
    ICS_LINK_DAYS: string(icsLinkDays)
    REPORTS_PER_HOUR: string(reportsPerHour)
    // Case exports: the browser signs in with Entra as the user the link was made for.
    SIGNIN: 'entra'
    SIGNIN_CLIENT_ID: signInClientId
    SIGNIN_TENANT_ID: subscription().tenantId
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: identity.properties.tenantId
    TABLES_ENDPOINT: 'https://${storage.name}.table.${environment().suffixes.storage}'
    TABLE_PREFIX: tablePrefix
    CALENDAR: calendar
    ROSTER: roster
    ROSTER_CACHE_SECONDS: string(rosterCacheSeconds)
    GRAPH_TENANT_ID: subscription().tenantId
    GRAPH_CLIENT_ID: empty(graphClientId) ? identity.properties.clientId : graphClientId
    PUBLIC_URL: 'https://${webApp.properties.defaultHostName}'
    LINK_SECRET: '@Microsoft.KeyVault(SecretUri=${linkSecretValue.properties.secretUri})'
    // DefaultAzureCredential picks the user-assigned identity by this client id.
    AZURE_CLIENT_ID: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    // The package is built before it is uploaded (m365agents.yml): no build on the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    WEBSITE_RUN_FROM_PACKAGE: '1'
  }, empty(graphClientSecret) ? {} : {
    GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${graphSecretValue.properties.secretUri})'
  }, empty(signInClientSecret) ? {} : {
    SIGNIN_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${signInSecretValue.properties.secretUri})'
  }, {
    ARCHIVE: archive
  }, archive != 'fiks' ? {} : {
    FIKS_ENVIRONMENT: fiksEnvironment
    FIKS_ACCOUNT_ID: fiksAccountId
    FIKS_ARCHIVE_ACCOUNT_ID: fiksArchiveAccountId
    FIKS_INTEGRATION_ID: fiksIntegrationId
    MASKINPORTEN_CLIENT_ID: maskinportenClientId
    MASKINPORTEN_CERTIFICATE: maskinportenCertificate
    // The secrets as Key Vault references only: App Service reads them with the identity.
    FIKS_INTEGRATION_PASSWORD: '@Microsoft.KeyVault(SecretUri=${fiksPasswordValue.properties.secretUri})'
    FIKS_ACCOUNT_PRIVATE_KEY: '@Microsoft.KeyVault(SecretUri=${fiksAccountKeyValue.properties.secretUri})'
    MASKINPORTEN_PRIVATE_KEY: '@Microsoft.KeyVault(SecretUri=${maskinportenKeyValue.properties.secretUri})'
  })
  dependsOn: [
    identityTables
    identityBackups
    identitySecrets
    identityTelemetry
    tables
  ]
}

resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

// Deployments use Entra ID tokens; no FTP or Kudu passwords.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Bot with the Teams channel; its app id is the managed identity
// ---------------------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
    // No Direct Line or Web Chat secrets: only Teams, with Entra-issued tokens, reaches the bot.
    disableLocalAuth: true
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (upper case: the Agents Toolkit writes them to env/.env.<environment> as they are)
// ---------------------------------------------------------------------------------------------

@description('The bot\'s Microsoft App ID: the managed identity\'s client id. Goes into the Teams app manifest.')
output BOT_ID string = identity.properties.clientId

@description('Host name of the web app, for the manifest\'s validDomains.')
output BOT_DOMAIN string = webApp.properties.defaultHostName

@description('The web app the code is deployed to.')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id

@description('Name of the Azure Bot resource.')
output BOT_RESOURCE_NAME string = bot.name

@description('Where the service answers: /api/messages, /healthz, /readyz.')
output APP_URL string = 'https://${webApp.properties.defaultHostName}'

@description('Client id of the managed identity.')
output IDENTITY_CLIENT_ID string = identity.properties.clientId

@description('Object id of the managed identity\'s service principal: grant Graph permissions and the mailbox policy to this.')
output IDENTITY_PRINCIPAL_ID string = identity.properties.principalId

@description('Table endpoint, for npm run admin with your own Entra sign-in.')
output TABLES_ENDPOINT string = 'https://${storage.name}.table.${environment().suffixes.storage}'

@description('Name of the Key Vault holding the link secret.')
output KEY_VAULT_NAME string = vault.name
