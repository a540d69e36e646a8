import Mustache from "mustache";
import { describe, expect, it } from "vitest";
import {
  type CompiledTemplate,
  compileTemplate,
  exampleSignatureView,
  MAX_TEMPLATE_LENGTH,
  renderTemplate,
  type SignatureView,
  signatureFields,
  type TemplateError,
  toPlainText,
} from "../../api/src/modules/signatures/template";
import { escapeHtml } from "../../api/src/modules/signatures/template/sanitize";

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok)
    throw new Error(`expected ${source} to compile: ${JSON.stringify(result.errors)}`);
  return result.template;
}

function errorsOf(source: string): TemplateError[] {
  const result = compileTemplate(source);
  if (result.ok) throw new Error(`expected ${source} to be rejected`);
  return result.errors;
}

function emptyView(): SignatureView {
  return {
    displayName: null,
    givenName: null,
    surname: null,
    jobTitle: null,
    department: null,
    companyName: null,
    officeLocation: null,
    streetAddress: null,
    postalCode: null,
    city: null,
    mail: null,
    businessPhone: null,
    mobilePhone: null,
    pronouns: null,
    extraLine: null,
    managerName: null,
    managerJobTitle: null,
    photo: null,
    banner: null,
    brand: {
      name: null,
      primaryColor: null,
      secondaryColor: null,
      textColor: null,
      mutedColor: null,
      fontStack: null,
      logoUrl: null,
      logoWidth: null,
      logoHeight: null,
      logoAlt: null,
      websiteUrl: null,
      websiteLabel: null,
      facebookUrl: null,
      youtubeUrl: null,
      appStoreUrl: null,
      playStoreUrl: null,
      legalText: null,
      address: null,
    },
  };
}

function viewWith(values: Partial<SignatureView>, brand: Partial<SignatureView["brand"]> = {}) {
  const base = emptyView();
  return { ...base, ...values, brand: { ...base.brand, ...brand } };
}

function render(source: string, view: SignatureView): string {
  return renderTemplate(compiled(source), view);
}

/** Opening and closing tag names, in order: what a browser would build elements from. */
function tagNames(html: string): string[] {
  return Array.from(html.matchAll(/<\/?([a-z][a-z0-9]*)/gi), (match) => match[0].toLowerCase());
}

const signatureSource = `<table cellpadding="0" cellspacing="0" border="0" style="font-family:{{brand.fontStack}};color:{{brand.textColor}};font-size:13px">
  <tr>
    {{#photo}}
    <td style="padding-right:12px;vertical-align:top">
      <img src="{{photo.url}}" width="{{photo.width}}" height="{{photo.height}}" alt="" style="display:block">
    </td>
    {{/photo}}
    <td style="vertical-align:top">
      <strong style="color:{{brand.primaryColor}}">{{displayName}}</strong>{{#pronouns}} ({{pronouns}}){{/pronouns}}<br>
      {{#jobTitle}}{{jobTitle}}<br>{{/jobTitle}}
      {{#department}}{{department}}<br>{{/department}}
      {{#businessPhone}}Tél : <a href="{{businessPhoneTel}}">{{businessPhone}}</a><br>{{/businessPhone}}
      {{#mobilePhone}}Mobile : <a href="{{mobilePhoneTel}}">{{mobilePhone}}</a><br>{{/mobilePhone}}
      {{#mail}}<a href="mailto:{{mail}}">{{mail}}</a>{{/mail}}
    </td>
  </tr>
  {{#banner}}
  <tr><td colspan="2" style="padding-top:12px">{{#banner.clickUrl}}<a href="{{banner.clickUrl}}">{{/banner.clickUrl}}<img src="{{banner.imageUrl}}" alt="{{banner.alt}}" width="{{banner.width}}" style="display:block">{{#banner.clickUrl}}</a>{{/banner.clickUrl}}</td></tr>
  {{/banner}}
  <tr><td colspan="2" style="padding-top:8px"><a href="{{brand.websiteUrl}}">{{brand.websiteLabel}}</a>{{#brand.facebookUrl}} · <a href="{{brand.facebookUrl}}">Facebook</a>{{/brand.facebookUrl}}{{#brand.youtubeUrl}} · <a href="{{brand.youtubeUrl}}">YouTube</a>{{/brand.youtubeUrl}}</td></tr>
  {{#brand.legalText}}
  <tr><td colspan="2" style="font-size:10px;color:{{brand.mutedColor}}">{{brand.legalText}}</td></tr>
  {{/brand.legalText}}
</table>`;

describe("signature field registry", () => {
  it("describes every field once, in both languages, with an example", () => {
    const names = signatureFields.map((field) => field.name);
    expect(new Set(names).size).toBe(names.length);
    for (const field of signatureFields) {
      expect(field.description.fr.length).toBeGreaterThan(0);
      expect(field.description.en.length).toBeGreaterThan(0);
      expect(field.example === null).toBe(field.kind === "object");
    }
    expect(names).toEqual(
      expect.arrayContaining(["displayName", "businessPhoneTel", "photo.url", "banner.clickUrl"]),
    );
    expect(names).toEqual(expect.arrayContaining(["brand.playStoreUrl", "brand.address"]));
  });

  it("gives examples that survive their own validation", () => {
    const source = signatureFields
      .filter((field) => field.kind !== "object")
      .map(
        (field) =>
          `{{#${field.name}}}ok{{/${field.name}}}{{^${field.name}}}EMPTY{{/${field.name}}}`,
      )
      .join("")
      .replace(/\{\{#(photo|banner)\.(width|height)\}\}ok\{\{\/\1\.\2\}\}/g, "ok")
      .replace(/\{\{\^(photo|banner)\.(width|height)\}\}EMPTY\{\{\/\1\.\2\}\}/g, "");
    expect(render(source, exampleSignatureView())).not.toContain("EMPTY");
  });
});

describe("compileTemplate", () => {
  it("accepts a realistic signature and lists the fields it uses", () => {
    const template = compiled(signatureSource);
    expect(template.source).toBe(signatureSource);
    expect(template.fields.slice(0, 6)).toEqual([
      "brand.fontStack",
      "brand.textColor",
      "photo",
      "photo.url",
      "photo.width",
      "photo.height",
    ]);
    expect(template.fields).toContain("banner.clickUrl");
    expect(template.fields).not.toContain("givenName");
  });

  it("accepts comments, inverted sections and spaces inside tags", () => {
    const template = compiled(
      "{{! note interne }}{{ displayName }}{{^mobilePhone}}-{{/mobilePhone}}",
    );
    expect(renderTemplate(template, viewWith({ displayName: "Kalïa Wéa" }))).toBe("Kalïa Wéa-");
  });

  it.each([
    ["{{{displayName}}}", "raw_output_forbidden", 1, 1],
    ["<b>\n  {{& displayName}}</b>", "raw_output_forbidden", 2, 3],
    ["{{>footer}}", "partial_forbidden", 1, 1],
    ["a {{=<% %>=}} <%displayName%>", "delimiter_change_forbidden", 1, 3],
    ["{{jobTitel}}", "unknown_field", 1, 1],
    ["{{constructor}}", "unknown_field", 1, 1],
    ["{{__proto__}}", "unknown_field", 1, 1],
    ["{{#brand}}x{{/brand}}", "unknown_field", 1, 1],
    ["{{brand.toString}}", "unknown_field", 1, 1],
    ["{{photo.constructor}}", "unknown_field", 1, 1],
    ["{{.}}", "unknown_field", 1, 1],
    ["{{labels.phone}}", "unknown_field", 1, 1],
    ["<p>{{photo}}</p>", "object_field_as_value", 1, 4],
    ["\n\n{{#photo.width}}x{{/photo.width}}", "field_not_sectionable", 3, 1],
    ["{{^banner.height}}x{{/banner.height}}", "field_not_sectionable", 1, 1],
    ["<p>\n{{#mobilePhone}}Mobile", "unbalanced_section", 2, 1],
    ["ok\n  x{{/mobilePhone}}", "unbalanced_section", 2, 4],
    ["{{#mobilePhone}}{{#mail}}{{/mobilePhone}}{{/mail}}", "unbalanced_section", 1, 26],
    ["<p>{{displayName</p>", "unclosed_tag", 1, 4],
    ["{{{displayName}}", "unclosed_tag", 1, 1],
    ["<script>alert(1)</script>", "forbidden_html_element", 1, 1],
    ["<p>\n<IFRAME src=x>", "forbidden_html_element", 2, 1],
    ["<object data=x>", "forbidden_html_element", 1, 1],
    ["<embed src=x>", "forbidden_html_element", 1, 1],
    ["<form action=x>", "forbidden_html_element", 1, 1],
    ["<input value=x>", "forbidden_html_element", 1, 1],
    ["<style>p{color:red}</style>", "forbidden_html_element", 1, 1],
    ['<link rel="stylesheet" href="https://x">', "forbidden_html_element", 1, 1],
    ["<scr{{! split }}ipt>", "forbidden_html_element", 1, 1],
    ['<img src="x" onerror="alert(1)">', "forbidden_event_handler", 1, 14],
    ['<td\n  ONCLICK = "x">', "forbidden_event_handler", 2, 3],
    ['<a href="x"onmouseover=y>', "forbidden_event_handler", 1, 12],
    ['<a href="javascript:alert(1)">', "forbidden_url_scheme", 1, 10],
    ['<a href="java\tscript:alert(1)">', "forbidden_url_scheme", 1, 10],
    ['<a href="VBScript:x">', "forbidden_url_scheme", 1, 10],
    ['<a href="{{mail}}">', "unsafe_url_placeholder", 1, 10],
    ["<p>\n<img src={{displayName}}>", "unsafe_url_placeholder", 2, 10],
    ["<td background=' {{#jobTitle}}{{jobTitle}}{{/jobTitle}}'>", "unsafe_url_placeholder", 1, 31],
  ])("rejects %j with %s at %i:%i", (source, code, line, column) => {
    const errors = errorsOf(source);
    expect(errors[0]).toMatchObject({ code, line, column });
    expect(errors[0]?.message.fr.length).toBeGreaterThan(0);
    expect(errors[0]?.message.en.length).toBeGreaterThan(0);
  });

  it("points at the offending text with start and end offsets", () => {
    const source = "Bonjour\n<b>{{jobTitel}}</b>";
    const [error] = errorsOf(source);
    expect(error).toMatchObject({ code: "unknown_field", line: 2, column: 4 });
    expect(source.slice(error!.start, error!.end)).toBe("{{jobTitel}}");
  });

  it("suggests the field a typo most likely meant", () => {
    const [error] = errorsOf("{{DisplayNme}}");
    expect(error?.message.fr).toBe(
      "Champ inconnu « DisplayNme ». Vouliez-vous dire « displayName » ?",
    );
    expect(error?.message.en).toBe('Unknown field "DisplayNme". Did you mean "displayName"?');
  });

  it("explains raw output and suggests the escaped form", () => {
    const [error] = errorsOf("{{{displayName}}}");
    expect(error?.message.en).toBe(
      '"{{{displayName}}}" would insert raw HTML: write {{displayName}}, whose value is escaped.',
    );
  });

  it("reports every problem at once, in source order", () => {
    const errors = errorsOf('<style></style>\n{{nope}} <a onclick="x">{{{mail}}}</a>');
    expect(errors.map((error) => [error.code, error.line, error.column])).toEqual([
      ["forbidden_html_element", 1, 1],
      ["unknown_field", 2, 1],
      ["forbidden_event_handler", 2, 13],
      ["raw_output_forbidden", 2, 25],
    ]);
  });

  it("still reports field and HTML problems when the sections do not balance", () => {
    const errors = errorsOf("<iframe>{{#mail}}{{nope}}");
    expect(errors.map((error) => error.code)).toEqual([
      "forbidden_html_element",
      "unbalanced_section",
      "unknown_field",
    ]);
    expect(errors[1]?.message.en).toBe('Section "mail" is never closed: add {{/mail}}.');
  });

  it("describes a closing tag that does not match its section", () => {
    const [error] = errorsOf("{{#mail}}x{{/mobilePhone}}");
    expect(error?.message.fr).toBe(
      "{{/mobilePhone}} ferme la section « mail » : attendu {{/mail}}.",
    );
  });

  it("explains how to use a group", () => {
    const [error] = errorsOf("{{banner}}");
    expect(error?.message.en).toBe(
      '"banner" is a group: use {{#banner}}…{{/banner}} and show its fields, for example {{banner.imageUrl}}.',
    );
  });

  it("caps the number of reported errors", () => {
    expect(errorsOf("{{nope}}".repeat(200))).toHaveLength(50);
  });

  it("rejects templates over 20,000 characters and accepts exactly 20,000", () => {
    const [error] = errorsOf("a".repeat(MAX_TEMPLATE_LENGTH + 1));
    expect(error).toMatchObject({ code: "template_too_large", line: 1, column: 20_001 });
    expect(compileTemplate("a".repeat(MAX_TEMPLATE_LENGTH)).ok).toBe(true);
  });

  it("allows inline styles, mailto and tel links, conditional comments and words like 'on'", () => {
    const source = [
      "<!--[if mso]><table><tr><td><![endif]-->",
      '<td style="color:#006f93" data-section="contact" content="x">',
      '<a href="mailto:{{mail}}" title="Écrire">{{mail}}</a> on = ok',
      '<a href="{{businessPhoneTel}}">Tél</a> <a href="https://www.ville-dumbea.nc">site</a>',
      '<a href="https://www.ville-dumbea.nc/annuaire?q={{surname}}" title="{{displayName}}">',
      '<img src="{{#photo}}{{photo.url}}{{/photo}}" alt="{{displayName}}">',
      "</td>",
    ].join("\n");
    expect(compileTemplate(source).ok).toBe(true);
  });

  it("never throws, whatever the input", () => {
    for (const source of [
      "{{",
      "}}",
      "{{#}}",
      "{{/}}",
      "{{=}}",
      "{{= a =}}",
      "{{{",
      "{{!",
      "{{ }}",
    ]) {
      expect(() => compileTemplate(source)).not.toThrow();
      expect(compileTemplate(source).ok).toBe(source === "}}");
    }
  });
});

describe("renderTemplate", () => {
  const hostile = viewWith({
    displayName: "<script>alert(1)</script>",
    jobTitle: '"><svg onload=alert(1)>',
    department: "<img src=x onerror=alert(1)>",
    extraLine: "{{constructor}} {{#brand}}x{{/brand}}",
    pronouns: "\u202Egnp.exe",
  });
  const hostileSource =
    '<p title="{{jobTitle}}">{{displayName}}</p><p>{{department}}</p><p>{{extraLine}}</p><p>{{pronouns}}</p>';

  it("renders hostile directory values as inert text", () => {
    const html = render(hostileSource, hostile);
    expect(html).toBe(
      [
        '<p title="&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;">',
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>",
        "<p>{{constructor}} {{#brand}}x{{/brand}}</p>",
        "<p>gnp.exe</p>",
      ].join(""),
    );
    expect(tagNames(html)).toEqual(tagNames(hostileSource));
    expect(html).not.toMatch(/<script|<svg|<img/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it("does not re-parse template syntax found in values", () => {
    const html = render(
      "{{displayName}}|{{jobTitle}}",
      viewWith({
        displayName: "{{mail}}",
        jobTitle: "{{{mail}}}{{>x}}",
        mail: "secret@ville-dumbea.nc",
      }),
    );
    expect(html).toBe("{{mail}}|{{{mail}}}{{&gt;x}}");
  });

  it("strips bidi controls and control characters and collapses whitespace", () => {
    const value = "\u202AKalïa\u200F\u00A0 \t\nWéa\u0007\u0085\u2066\u061C ";
    expect(render("[{{displayName}}]", viewWith({ displayName: value }))).toBe("[Kalïa Wéa]");
  });

  it("caps long values at 256 characters with an ellipsis", () => {
    const html = render("{{jobTitle}}", viewWith({ jobTitle: "Responsable ".repeat(42) }));
    expect(Array.from(html)).toHaveLength(256);
    expect(html.endsWith("…")).toBe(true);
    expect(html.startsWith("Responsable Responsable")).toBe(true);
  });

  it("never splits an emoji sequence when capping", () => {
    const html = render(
      "{{jobTitle}}",
      viewWith({ jobTitle: "a".repeat(250) + "👩🏽‍💼".repeat(3) }),
    );
    expect(html).toBe(`${"a".repeat(250)}👩🏽‍💼…`);
  });

  it("keeps emoji and diacritics intact", () => {
    const html = render(
      "{{displayName}} · {{surname}} · {{jobTitle}}",
      viewWith({
        displayName: "Kalïa Wéa",
        surname: "Nguyễn",
        jobTitle: "👩🏽‍💼 Cheffe de projet",
      }),
    );
    expect(html).toBe("Kalïa Wéa · Nguyễn · 👩🏽‍💼 Cheffe de projet");
  });

  it("escapes like mustache's default escape, except the harmless slash", () => {
    const sample = `&<>"'/\`= ok`;
    expect(escapeHtml(sample)).toBe(Mustache.escape(sample).replaceAll("&#x2F;", "/"));
    expect(render("{{displayName}}", viewWith({ displayName: sample }))).toBe(
      "&amp;&lt;&gt;&quot;&#39;/&#x60;&#x3D; ok",
    );
  });

  it("keeps escaping even if someone turns off Mustache.escape globally", () => {
    const original = Mustache.escape;
    Mustache.escape = (value: string) => value;
    try {
      expect(render("{{displayName}}", viewWith({ displayName: "<b>" }))).toBe("&lt;b&gt;");
    } finally {
      Mustache.escape = original;
    }
  });

  it("drops a section on an empty value entirely, leaving no dangling label", () => {
    const source =
      "<p>{{displayName}}</p>{{#mobilePhone}}<p>Mobile : {{mobilePhone}}</p>{{/mobilePhone}}";
    for (const mobilePhone of [null, "", "   ", "\u202E"]) {
      expect(render(source, viewWith({ displayName: "Kalïa", mobilePhone }))).toBe("<p>Kalïa</p>");
    }
    expect(render(source, viewWith({ displayName: "Kalïa", mobilePhone: "+687 78 12 45" }))).toBe(
      "<p>Kalïa</p><p>Mobile : +687 78 12 45</p>",
    );
  });

  it("renders an inverted section only when the value is empty", () => {
    const source =
      '{{#photo}}<img src="{{photo.url}}">{{/photo}}{{^photo}}<span>{{givenName}}</span>{{/photo}}';
    expect(render(source, viewWith({ givenName: "Kalïa" }))).toBe("<span>Kalïa</span>");
    const photo = { url: "https://intranet.ville-dumbea.nc/p.jpg", width: 96, height: 96 };
    expect(render(source, viewWith({ givenName: "Kalïa", photo }))).toBe(
      '<img src="https://intranet.ville-dumbea.nc/p.jpg">',
    );
  });

  it("pushes a group as context and still resolves dotted and top-level names inside it", () => {
    const source =
      '{{#banner}}<a href="{{banner.clickUrl}}" title="{{displayName}}"><img src="{{banner.imageUrl}}" alt="{{banner.alt}}" width="{{banner.width}}" height="{{banner.height}}"></a>{{/banner}}';
    const banner = {
      imageUrl: "https://intranet.ville-dumbea.nc/b.png",
      clickUrl: "https://www.ville-dumbea.nc/mandarine?utm=sig&x=1",
      alt: "Fête de la mandarine",
      width: 600,
      height: 0,
    };
    expect(render(source, viewWith({ displayName: "Kalïa", banner }))).toBe(
      '<a href="https://www.ville-dumbea.nc/mandarine?utm&#x3D;sig&amp;x&#x3D;1" title="Kalïa"><img src="https://intranet.ville-dumbea.nc/b.png" alt="Fête de la mandarine" width="600" height="0"></a>',
    );
  });

  it("hides a group whose key member is missing or invalid", () => {
    const source = "{{#banner}}BANNER{{/banner}}{{#photo}}PHOTO{{/photo}}";
    const banner = {
      imageUrl: "javascript:alert(1)",
      clickUrl: "https://x.nc",
      alt: "a",
      width: 1,
      height: 1,
    };
    const photo = { url: null, width: 96, height: 96 };
    expect(render(source, viewWith({ banner, photo }))).toBe("");
  });

  it("lets a template make the banner link optional", () => {
    const source =
      '{{#banner}}{{#banner.clickUrl}}<a href="{{banner.clickUrl}}">{{/banner.clickUrl}}<img alt="{{banner.alt}}">{{#banner.clickUrl}}</a>{{/banner.clickUrl}}{{/banner}}';
    const banner = {
      imageUrl: "https://x.nc/b.png",
      clickUrl: null,
      alt: "Fête",
      width: null,
      height: null,
    };
    expect(render(source, viewWith({ banner }))).toBe('<img alt="Fête">');
  });

  it("lets a template omit empty social links", () => {
    const source =
      '{{#brand.facebookUrl}}<a href="{{brand.facebookUrl}}">Facebook</a>{{/brand.facebookUrl}}{{#brand.youtubeUrl}}<a href="{{brand.youtubeUrl}}">YouTube</a>{{/brand.youtubeUrl}}';
    expect(render(source, viewWith({}, { youtubeUrl: "https://www.youtube.com/@x" }))).toBe(
      '<a href="https://www.youtube.com/@x">YouTube</a>',
    );
  });

  it.each([
    ["https://www.ville-dumbea.nc", "https://www.ville-dumbea.nc/"],
    ["  https://www.ville-dumbea.nc/a b", ""],
    ["http://www.ville-dumbea.nc", ""],
    ["http://localhost:3000/logo.png", "http://localhost:3000/logo.png"],
    ["http://127.0.0.1/logo.png", "http://127.0.0.1/logo.png"],
    ["mailto:accueil@ville-dumbea.nc", "mailto:accueil@ville-dumbea.nc"],
    ["tel:+687414000", "tel:+687414000"],
    ["javascript:alert(1)", ""],
    ["JaVaScRiPt:alert(1)", ""],
    ["java\u0000script:alert(1)", ""],
    ["data:image/png;base64,AAAA", ""],
    ["ftp://ville-dumbea.nc/x", ""],
    ["//ville-dumbea.nc/x", ""],
    ["/logo.png", ""],
    ["https://user:secret@ville-dumbea.nc/", ""],
  ])("accepts only safe URLs: %j → %j", (input, expected) => {
    const html = render("{{brand.websiteUrl}}", viewWith({}, { websiteUrl: input }));
    expect(html).toBe(escapeHtml(expected));
  });

  it("drops URLs over 2048 characters rather than cutting them", () => {
    const url = `https://www.ville-dumbea.nc/${"a".repeat(2100)}`;
    expect(render("{{brand.websiteUrl}}", viewWith({}, { websiteUrl: url }))).toBe("");
  });

  it.each([
    ["#abc", "#abc"],
    ["#006F93", "#006F93"],
    [" #006f93 ", "#006f93"],
    ["red", ""],
    ["#abcd", ""],
    ["#12345g", ""],
    ["#fff;background:url(https://x)", ""],
    ["rgb(0,0,0)", ""],
  ])("accepts only #rgb and #rrggbb colours: %j → %j", (input, expected) => {
    const html = render(
      '<td style="color:{{brand.textColor}}">',
      viewWith({}, { textColor: input }),
    );
    expect(html).toBe(`<td style="color:${expected}">`);
  });

  it.each([
    [120, "120"],
    [0, "0"],
    [-1, ""],
    [1.5, ""],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
    ["120" as unknown as number, ""],
  ])("accepts only non-negative integers as numbers: %j → %j", (input, expected) => {
    const html = render('<img width="{{brand.logoWidth}}">', viewWith({}, { logoWidth: input }));
    expect(html).toBe(`<img width="${expected}">`);
  });

  it("derives tel: links from the displayed numbers, or normalises given ones", () => {
    const source = "{{businessPhoneTel}}|{{mobilePhoneTel}}";
    expect(
      render(source, viewWith({ businessPhone: "+687 41 40 52", mobilePhone: "(+687) 78.12.45" })),
    ).toBe("tel:+687414052|tel:+687781245");
    expect(
      render(
        source,
        viewWith({ businessPhoneTel: "tel:+68741405 2", mobilePhone: "voir accueil" }),
      ),
    ).toBe("tel:+687414052|");
  });

  it("only lets a safe alphabet into the font stack, which lands in a style attribute", () => {
    const source = '<td style="font-family:{{brand.fontStack}}">';
    expect(render(source, viewWith({}, { fontStack: "'Segoe UI', Arial, sans-serif" }))).toBe(
      '<td style="font-family:&#39;Segoe UI&#39;, Arial, sans-serif">',
    );
    expect(render(source, viewWith({}, { fontStack: "Arial;background:url(x)" }))).toBe(
      '<td style="font-family:">',
    );
  });

  it("falls back to the displayed number when the given tel: value is unusable", () => {
    const view = viewWith({ businessPhoneTel: "standard", businessPhone: "+687 41 40 00" });
    expect(render("{{businessPhoneTel}}", view)).toBe("tel:+687414000");
  });

  it("reads only the view's own properties", () => {
    const inherited = Object.assign(Object.create({ mobilePhone: "<b>hérité</b>" }), emptyView());
    delete inherited.mobilePhone;
    expect(render("[{{mobilePhone}}]", inherited as SignatureView)).toBe("[]");
  });

  it("ignores anything in the view that is not a registered field", () => {
    const view = { ...viewWith({ displayName: "Kalïa" }), constructor: "x", toString: () => "x" };
    expect(render("{{displayName}}", view as SignatureView)).toBe("Kalïa");
  });

  it("refuses a template object that did not come from compileTemplate", () => {
    const forged = { source: "{{{displayName}}}", fields: [] } as CompiledTemplate;
    expect(() => renderTemplate(forged, emptyView())).toThrow(TypeError);
  });

  it("renders the realistic signature with every section that has a value", () => {
    const html = render(signatureSource, exampleSignatureView());
    expect(html).toContain('<strong style="color:#006f93">Kalïa Wéa</strong> (elle)<br>');
    expect(html).toContain('Tél : <a href="tel:+687414052">+687 41 40 52</a><br>');
    expect(html).toContain('<a href="mailto:kalia.wea@ville-dumbea.nc">');
    expect(tagNames(html)).toContain("<img");
  });
});

describe("toPlainText", () => {
  it("turns a table-layout signature into readable lines", () => {
    const view = exampleSignatureView();
    const html = render(signatureSource, { ...view, brand: { ...view.brand, youtubeUrl: null } });
    expect(toPlainText(html)).toBe(
      [
        "Kalïa Wéa (elle)",
        "Chargée de communication",
        "Direction de la communication",
        "Tél : +687 41 40 52",
        "Mobile : +687 78 12 45",
        "kalia.wea@ville-dumbea.nc",
        "Fête de la mandarine <https://www.ville-dumbea.nc/>",
        "www.ville-dumbea.nc · Facebook <https://www.facebook.com/example>",
        "Ce message et ses pièces jointes sont confidentiels.",
      ].join("\n"),
    );
  });

  it("shows the URL only when the link text does not already say it", () => {
    const html = [
      '<p><a href="https://www.ville-dumbea.nc/">www.ville-dumbea.nc</a></p>',
      '<p><a href="mailto:accueil@ville-dumbea.nc">accueil@ville-dumbea.nc</a></p>',
      '<p><a href="tel:+687414000">+687 41 40 00</a></p>',
      '<p><a href="tel:+687414000">Standard</a></p>',
      '<p><a href="https://www.ville-dumbea.nc/agenda">Agenda</a></p>',
      '<p><a href="#top">Haut</a></p>',
    ].join("");
    expect(toPlainText(html)).toBe(
      [
        "www.ville-dumbea.nc",
        "accueil@ville-dumbea.nc",
        "+687 41 40 00",
        "Standard <tel:+687414000>",
        "Agenda <https://www.ville-dumbea.nc/agenda>",
        "Haut",
      ].join("\n"),
    );
  });

  it("drops images except linked ones with alt text", () => {
    const html = [
      '<p><img src="https://x.nc/logo.png" alt="Logo">Texte</p>',
      '<p><a href="https://x.nc/fb"><img src="https://x.nc/fb.png" alt="Facebook"></a></p>',
      '<p><a href="https://x.nc/yt"><img src="https://x.nc/yt.png"></a></p>',
    ].join("");
    expect(toPlainText(html)).toBe(
      ["Texte", "Facebook <https://x.nc/fb>", "https://x.nc/yt"].join("\n"),
    );
  });

  it("leaves no trailing spaces, at most one blank line and no wrapping", () => {
    const long = "mot ".repeat(60).trim();
    const html = `<div>Un&nbsp;&nbsp;</div><br><br><br><br><div>${long}</div><table><tr><td>&nbsp;</td><td>a</td><td>b </td></tr></table>`;
    const text = toPlainText(html);
    expect(text).toBe(`Un\n\n${long}\na b`);
    expect(text).not.toMatch(/[ \t\u00a0]$/m);
    expect(text).not.toMatch(/\n\n\n/);
  });

  it("decodes entities left by escaping", () => {
    expect(toPlainText("<p>&lt;script&gt; &amp; / Kalïa</p>")).toBe("<script> & / Kalïa");
  });
});
