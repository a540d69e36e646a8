export { ensureSignatureDefaults } from "./seed.service";
export {
  createSignatureService,
  type SignatureService,
} from "./signature-service";
export { type SignatureRouteDeps, signatureRoutes } from "./signatures.routes";
export { type TemplateRouteDeps, templateRoutes } from "./templates.routes";
