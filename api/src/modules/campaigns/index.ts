export {
  activeCampaigns,
  type BannerPlacement,
  type CampaignAudience,
  type CampaignStatus,
  isCampaignActive,
  nextTransition,
  placementCovers,
  type Variant,
} from "./banner-selection";
export { type CampaignRouteDeps, campaignRoutes } from "./campaigns.routes";
export type { CampaignState, CampaignView } from "./campaigns.schemas";
export {
  type BannerCampaign,
  type BannerSelection,
  clickUrl,
  listCampaignsForSelection,
  recordImpressions,
  selectBanner,
} from "./campaigns.service";
export {
  endOfNoumeaMinute,
  formatNoumeaDisplay,
  formatNoumeaLocal,
  InvalidNoumeaTimeError,
  lastNoumeaMinute,
  type NoumeaLocal,
  noumeaDay,
  parseNoumeaLocal,
} from "./noumea-time";
