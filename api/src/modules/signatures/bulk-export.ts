import type { BulkRendering } from "./render.service";

/** About how much text the bulk document is written out in at a time. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * The bulk document (`BulkRenderSchema`) as JSON text, in chunks, each signature rendered as it
 * is written: 50,000 signatures (~250 MB of JSON) go out without being held in memory at once.
 */
export function* bulkDocumentChunks(
  bulk: BulkRendering,
  generatedAt: string,
  chunkCharacters = CHUNK_CHARACTERS,
): Generator<string, void, undefined> {
  let chunk =
    `{"generatedAt":${JSON.stringify(generatedAt)},"count":${bulk.count},` +
    `"unsigned":${JSON.stringify(bulk.unsigned)},"items":[`;
  let separator = "";
  for (const signature of bulk.signatures()) {
    chunk += separator;
    chunk += JSON.stringify({
      agentId: signature.agentId,
      templateId: signature.template.id,
      versionId: signature.template.versionId,
      ruleId: signature.rule?.id ?? null,
      bannerCampaignId: signature.banner?.campaignId ?? null,
      etag: signature.etag,
      characters: signature.characters,
      html: signature.html,
    });
    separator = ",";
    if (chunk.length >= chunkCharacters) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}]}`;
}
