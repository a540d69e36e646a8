import { describe, expect, it } from "vitest";
import { bulkDocumentChunks } from "../../api/src/modules/signatures/bulk-export";
import type {
  BulkRendering,
  RenderedSignature,
} from "../../api/src/modules/signatures/render.service";

function signature(agentId: string, html: string): RenderedSignature {
  return {
    agentId,
    variant: "new",
    language: "fr",
    html,
    text: "",
    characters: html.length,
    bytes: Buffer.byteLength(html),
    etag: `"${agentId}"`,
    template: { id: "tpl", name: "Institutionnel", versionId: "v1", number: 1 },
    rule: agentId === "b" ? { id: "rule-1", name: "Service" } : null,
    reason: { fr: "", en: "" },
    banner: null,
    validUntil: null,
  };
}

function rendering(items: RenderedSignature[], unsigned: string[] = []) {
  let rendered = 0;
  const bulk: BulkRendering = {
    unsigned,
    count: items.length,
    *signatures() {
      for (const item of items) {
        rendered += 1;
        yield item;
      }
    },
  };
  return { bulk, rendered: () => rendered };
}

describe("the bulk export document", () => {
  it("is one JSON document whatever the chunk size, hostile HTML included", () => {
    const items = [
      signature("a", '<td style="color:#c00">Hélène — « Cheffe »</td>'),
      signature("b", '</script><script>alert("x")</script>\u2028\u2029\\'),
      signature("c", "😀 ".repeat(50)),
    ];
    const { bulk, rendered } = rendering(items, ["z"]);
    const chunks = [...bulkDocumentChunks(bulk, "2026-11-27T05:00:00.000Z", 16)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(rendered()).toBe(3);
    const document = JSON.parse(chunks.join(""));
    expect(document).toEqual({
      generatedAt: "2026-11-27T05:00:00.000Z",
      count: 3,
      unsigned: ["z"],
      items: items.map((item) => ({
        agentId: item.agentId,
        templateId: "tpl",
        versionId: "v1",
        ruleId: item.agentId === "b" ? "rule-1" : null,
        bannerCampaignId: null,
        etag: item.etag,
        characters: item.characters,
        html: item.html,
      })),
    });
  });

  it("renders each signature only when the previous chunk was taken", () => {
    const items = ["a", "b", "c", "d"].map((id) => signature(id, "x".repeat(100)));
    const { bulk, rendered } = rendering(items);
    const chunks = bulkDocumentChunks(bulk, "2026-11-27T05:00:00.000Z", 100);
    chunks.next();
    expect(rendered()).toBe(1);
    chunks.next();
    expect(rendered()).toBe(2);
    expect([...chunks].length).toBeGreaterThan(0);
    expect(rendered()).toBe(4);
  });

  it("is a valid document with nobody to sign", () => {
    const { bulk } = rendering([], ["a", "b"]);
    expect(JSON.parse([...bulkDocumentChunks(bulk, "2026-11-27T05:00:00.000Z")].join(""))).toEqual({
      generatedAt: "2026-11-27T05:00:00.000Z",
      count: 0,
      unsigned: ["a", "b"],
      items: [],
    });
  });
});
