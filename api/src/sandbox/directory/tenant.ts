/** The sandbox tenant: a fixed identity so tokens and links survive restarts. */
export const SANDBOX_TENANT_ID = "ed25b7c9-33fb-4880-978a-28fa16e9b31b";
export const SANDBOX_DOMAIN = "ville-dumbea.nc";
/** The tenant's initial domain, where Entra puts guest user principal names. */
export const SANDBOX_INITIAL_DOMAIN = "villedumbea.onmicrosoft.com";
export const COMPANY_NAME = "Ville de Dumbéa";
