import Mustache from "mustache";
import { describe, expect, it } from "vitest";
import { builtinTemplates, defaultBrandKit } from "../../api/src/modules/signatures/builtin";
import {
  compileTemplate,
  exampleSignatureView,
  renderTemplate,
  type SignatureView,
} from "../../api/src/modules/signatures/template";
import { toMustacheView } from "../../api/src/modules/signatures/template/engine";
import { capText, cleanText, escapeHtml } from "../../api/src/modules/signatures/template/sanitize";

/** What mustache itself renders from the same sanitised view: the renderer's oracle. */
function mustacheRender(source: string, view: SignatureView): string {
  return Mustache.render(
    source,
    toMustacheView(view),
    {},
    { tags: ["{{", "}}"], escape: escapeHtml },
  );
}

const base = (): SignatureView => ({ ...exampleSignatureView(), brand: { ...defaultBrandKit } });

const views: Record<string, SignatureView> = {
  "a complete profile": base(),
  "an empty profile": {
    ...base(),
    jobTitle: null,
    department: null,
    mobilePhone: null,
    businessPhone: null,
    pronouns: null,
    extraLine: null,
    managerName: null,
    managerJobTitle: null,
    photo: null,
    banner: null,
  },
  "hostile values": {
    ...base(),
    displayName: '"><img src=x onerror=alert(1)> {{brand.name}} \u202Egnp.exe',
    jobTitle: `<script>alert(1)</script>${"é".repeat(500)}`,
    department: "Communication 👩🏽‍💼 {{#photo}}x{{/photo}}",
    mobilePhone: "javascript:alert(1)",
    extraLine: "constructor __proto__ toString",
  },
  "a banner without a photo": {
    ...base(),
    photo: null,
    banner: {
      imageUrl: "https://relais.example/assets/banner.png",
      clickUrl: "https://relais.example/r/1",
      alt: "Dumbéa fête Noël",
      width: 600,
      height: 120,
    },
  },
};

const sections = [
  "{{#jobTitle}}<b>{{jobTitle}}</b> — {{displayName}}{{/jobTitle}}{{^jobTitle}}sans titre{{/jobTitle}}",
  '{{#photo}}<img src="{{photo.url}}" width="{{photo.width}}" alt="{{displayName}}">{{/photo}}',
  "{{#banner}}{{#brand.name}}{{brand.name}}/{{banner.alt}}{{/brand.name}}{{/banner}}{{! note }}",
  "{{^photo}}{{^banner}}rien{{/banner}}{{/photo}}{{mobilePhoneTel}}",
];

describe("the signature renderer", () => {
  for (const template of builtinTemplates) {
    for (const [language, variants] of Object.entries(template.sources)) {
      for (const [variant, source] of Object.entries(variants)) {
        it(`renders ${template.key} ${language}/${variant} exactly as mustache does`, () => {
          const compiled = compileTemplate(source);
          if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
          for (const [name, view] of Object.entries(views)) {
            const html = renderTemplate(compiled.template, view);
            expect(html, name).toBe(mustacheRender(source, view));
            expect(html.length, name).toBeGreaterThan(200);
          }
        });
      }
    }
  }

  it("follows mustache on nested sections, inverted sections, dotted names and comments", () => {
    for (const source of sections) {
      const compiled = compileTemplate(source);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
      for (const [name, view] of Object.entries(views)) {
        expect(renderTemplate(compiled.template, view), `${source} with ${name}`).toBe(
          mustacheRender(source, view),
        );
      }
    }
  });
});

describe("text cleaning", () => {
  it("leaves clean values alone and cleans every kind of dirt", () => {
    const clean = "Hélène Wamytan — Cheffe 👩🏽‍💼";
    expect(cleanText(clean)).toBe(clean);
    expect(cleanText(" a")).toBe("a");
    expect(cleanText("a ")).toBe("a");
    expect(cleanText("a  b")).toBe("a b");
    expect(cleanText("a\u00A0b\tc\nd")).toBe("a b c d");
    expect(cleanText("a\u202Eb\u0007c")).toBe("abc");
    expect(cleanText("a\uD800b")).toBe("a\uFFFDb");
    expect(cleanText("a\uDC00")).toBe("a\uFFFD");
    expect(capText("é".repeat(256))).toBe("é".repeat(256));
    expect(capText("é".repeat(257))).toBe(`${"é".repeat(255)}…`);
    expect(escapeHtml("plain text")).toBe("plain text");
    expect(escapeHtml('<a href="x">')).toBe("&lt;a href&#x3D;&quot;x&quot;&gt;");
  });
});
