export {
  type CompiledTemplate,
  type CompileResult,
  compileTemplate,
  MAX_TEMPLATE_ERRORS,
  MAX_TEMPLATE_LENGTH,
  renderTemplate,
} from "./engine";
export type { TemplateError, TemplateErrorCode } from "./errors";
export {
  exampleSignatureView,
  type FieldKind,
  type FieldName,
  type LocalizedText,
  type SignatureBanner,
  type SignatureBrand,
  type SignatureField,
  type SignaturePhoto,
  type SignatureView,
  signatureFields,
} from "./fields";
export { toPlainText } from "./plain-text";
export { MAX_TEXT_LENGTH } from "./sanitize";
