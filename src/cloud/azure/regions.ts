/**
 * Azure regions by their programmatic names (`az account list-locations --query "[].name"`), as
 * listed by Microsoft: https://learn.microsoft.com/azure/reliability/regions-list (2026), with the
 * sovereign clouds' US Government and China regions. Used by the manifest import to refuse or
 * question a location Azure does not have.
 */
export const AZURE_REGIONS: readonly string[] = [
  'eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3',
  'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast', 'mexicocentral', 'chilecentral',
  'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth',
  'swedencentral', 'swedensouth', 'norwayeast', 'norwaywest', 'switzerlandnorth', 'switzerlandwest', 'italynorth', 'polandcentral', 'spaincentral', 'austriaeast', 'belgiumcentral', 'denmarkeast',
  'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral', 'southafricanorth', 'southafricawest',
  'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'centralindia', 'southindia', 'westindia', 'jioindiawest', 'jioindiacentral',
  'australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2', 'newzealandnorth', 'indonesiacentral', 'malaysiawest',
  'usgovvirginia', 'usgovarizona', 'usgovtexas', 'chinaeast2', 'chinaeast3', 'chinanorth2', 'chinanorth3',
];
