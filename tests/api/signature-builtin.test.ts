import { describe, expect, it } from "vitest";
import {
  BRAND_STYLE_FIELDS,
  type BuiltinTemplate,
  builtinTemplates,
  DEFAULT_BUILTIN_TEMPLATE_KEY,
  defaultBrandKit,
  findBuiltinTemplate,
  TEMPLATE_LANGUAGES,
  TEMPLATE_VARIANTS,
  type TemplateLanguage,
  type TemplateVariant,
  withBrandDefaults,
} from "../../api/src/modules/signatures/builtin";
import {
  checkEmailSafety,
  EMAIL_CLIENTS,
  OUTLOOK_SIGNATURE_MAX_CHARACTERS,
  SIGNATURE_TARGET_BYTES,
} from "../../api/src/modules/signatures/email-safety";
import {
  type CompiledTemplate,
  compileTemplate,
  exampleSignatureView,
  MAX_TEMPLATE_LENGTH,
  renderTemplate,
  type SignatureView,
  toPlainText,
} from "../../api/src/modules/signatures/template";

const cases = builtinTemplates.flatMap((template) =>
  TEMPLATE_LANGUAGES.flatMap((language) =>
    TEMPLATE_VARIANTS.map((variant) => ({ template, language, variant })),
  ),
);

const compiled = new Map<string, CompiledTemplate>();

function compiledFor(
  template: BuiltinTemplate,
  language: TemplateLanguage,
  variant: TemplateVariant,
): CompiledTemplate {
  const id = `${template.key}/${language}/${variant}`;
  let result = compiled.get(id);
  if (!result) {
    const compile = compileTemplate(template.sources[language][variant]);
    if (!compile.ok) throw new Error(`${id}: ${JSON.stringify(compile.errors)}`);
    result = compile.template;
    compiled.set(id, result);
  }
  return result;
}

function render(
  template: BuiltinTemplate,
  language: TemplateLanguage,
  variant: TemplateVariant,
  view: SignatureView,
): string {
  return renderTemplate(compiledFor(template, language, variant), view);
}

/** Plain text with non-breaking spaces (label–number glue) shown as spaces. */
function plain(html: string): string {
  return toPlainText(html).replace(/\u00a0/g, " ");
}

/** The registry's examples, with the commune's brand kit. */
function kitView(overrides: Partial<SignatureView> = {}): SignatureView {
  return { ...exampleSignatureView(), brand: { ...defaultBrandKit }, ...overrides };
}

/** A photo and a banner hosted over https, as the assets and campaigns modules produce. */
function richView(): SignatureView {
  return kitView({
    photo: {
      url: "https://signatures.ville-dumbea.nc/photos/4f2a9c.jpg",
      width: 160,
      height: 160,
    },
    banner: {
      imageUrl: "https://signatures.ville-dumbea.nc/banners/noel-2025.png",
      clickUrl: "https://www.ville-dumbea.nc/agenda/dumbea-fete-noel",
      alt: "Dumbéa fête Noël — du 13 au 24 décembre",
      width: 600,
      height: 120,
    },
  });
}

/** The photo-and-banner view with some fields changed, typically emptied. */
function withOverrides(overrides: Partial<SignatureView>): SignatureView {
  return { ...richView(), ...overrides };
}

/** Nothing but a name and the brand kit. */
function minimalView(): SignatureView {
  const empty = Object.fromEntries(Object.keys(exampleSignatureView()).map((key) => [key, null]));
  return {
    ...(empty as unknown as SignatureView),
    displayName: "Jean-Baptiste Wamytan",
    brand: { ...defaultBrandKit },
  };
}

const views: Record<string, () => SignatureView> = {
  example: exampleSignatureView,
  "photo and banner": richView,
  minimal: minimalView,
};

const LABEL_TEXT = {
  fr: { tel: "Tél.", mobile: "Mob." },
  en: { tel: "Tel.", mobile: "Mobile" },
} as const;

describe("builtinTemplates", () => {
  it("lists three templates, the default (Institutionnel) first, with unique keys", () => {
    expect(builtinTemplates.map((t) => t.key)).toEqual(["institutionnel", "sobre", "evenementiel"]);
    expect(DEFAULT_BUILTIN_TEMPLATE_KEY).toBe("institutionnel");
    expect(builtinTemplates[0]?.name.fr).toBe("Institutionnel");
    expect(builtinTemplates.map((t) => t.name.fr)).toEqual([
      "Institutionnel",
      "Sobre",
      "Événementiel",
    ]);
    expect(findBuiltinTemplate("sobre")?.name.en).toBe("Plain");
    expect(findBuiltinTemplate("inconnu")).toBeUndefined();
  });

  it("names and describes every template in both languages", () => {
    for (const template of builtinTemplates) {
      for (const language of TEMPLATE_LANGUAGES) {
        expect(template.name[language].length).toBeGreaterThan(2);
        expect(template.description[language].length).toBeGreaterThan(40);
      }
    }
  });

  it.each(cases)(
    "$template.key $language $variant compiles without error",
    ({ template, language, variant }) => {
      const source = template.sources[language][variant];
      expect(source.length).toBeLessThanOrEqual(MAX_TEMPLATE_LENGTH);
      const result = compileTemplate(source);
      expect(result.ok ? [] : result.errors).toEqual([]);
    },
  );
});

describe("rendered signatures pass the email-safety check", () => {
  for (const [viewName, makeView] of Object.entries(views)) {
    it.each(cases)(
      `$template.key $language $variant with the ${viewName} view`,
      ({ template, language, variant }) => {
        const html = render(template, language, variant, makeView());
        const report = checkEmailSafety(html);
        // No error, and not even a warning, for any checked client (Outlook for Windows,
        // Outlook.com, Gmail, Apple Mail among them).
        expect(report.issues).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.characters).toBeLessThanOrEqual(OUTLOOK_SIGNATURE_MAX_CHARACTERS);
        expect(report.bytes).toBeLessThanOrEqual(SIGNATURE_TARGET_BYTES);
        expect(html.length).toBeLessThanOrEqual(30_000);
        expect(Buffer.byteLength(html, "utf8")).toBeLessThanOrEqual(8_192);
      },
    );
  }

  it("checks the four client families the commune's agents and recipients use", () => {
    const keys = EMAIL_CLIENTS.map((client) => client.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "outlook.windows",
        "outlook.outlook-com",
        "gmail.desktop-webmail",
        "apple-mail.macos",
      ]),
    );
  });
});

describe("email-safe construction", () => {
  const rendered = cases.map(({ template, language, variant }) => ({
    id: `${template.key}/${language}/${variant}`,
    html: render(template, language, variant, richView()),
  }));

  it.each(rendered)("$id uses tables, inline styles and sized images only", ({ html }) => {
    expect(html).not.toMatch(/\sclass=|<style|<div|<p[\s>]|<svg/i);
    expect(html).not.toMatch(/margin|display:\s*(?:inline-)?(?:flex|grid)|position:/i);
    expect(html).not.toMatch(/\.(?:svg|webp)\b/i);
    for (const [table] of html.matchAll(/<table\b[^>]*>/g)) {
      expect(table).toContain('role="presentation"');
      expect(table).toContain('cellpadding="0"');
      expect(table).toContain('cellspacing="0"');
      expect(table).toContain('border="0"');
    }
    for (const [cell] of html.matchAll(/<td\b[^>]*>/g)) {
      expect(cell).toContain("font-family:Arial, Helvetica, sans-serif;");
      expect(cell).toMatch(/ align="(?:left|right)" valign="(?:top|middle)"/);
    }
    for (const [image] of html.matchAll(/<img\b[^>]*>/g)) {
      expect(image).toMatch(/ width="\d+" height="\d+" alt="[^"]*"/);
      expect(image).toContain('style="display:block;border:0;"');
    }
    for (const [anchor] of html.matchAll(/<a\b[^>]*>/g)) {
      expect(anchor).toMatch(/ href="(?:https:|mailto:|tel:)/);
      expect(anchor).toMatch(/style="color:#[0-9a-f]{6};text-decoration:none;/);
    }
    for (const [style] of html.matchAll(/style="[^"]*line-height[^"]*"/g)) {
      expect(style).toContain("mso-line-height-rule:exactly");
    }
    for (const [cell] of html.matchAll(/<td\b[^>]*bgcolor[^>]*>/g)) {
      expect(cell).toMatch(/bgcolor="(#[0-9a-f]{6})"[^>]*background-color:\1/);
    }
  });

  it("links phones with tel: URIs and the address with mailto:", () => {
    const html = render(builtinTemplates[0]!, "fr", "new", richView());
    expect(html).toContain('href="tel:+687414052"');
    expect(html).toContain('href="tel:+687781245"');
    expect(html).toContain('href="mailto:kalia.wea@ville-dumbea.nc"');
    expect(html).not.toContain("tel:tel:");
  });
});

describe("variants", () => {
  it.each(
    builtinTemplates.flatMap((template) =>
      TEMPLATE_LANGUAGES.flatMap((language) =>
        Object.keys(views).map((viewName) => ({ template, language, viewName })),
      ),
    ),
  )(
    "$template.key $language: the reply is shorter than the new message ($viewName)",
    ({ template, language, viewName }) => {
      const view = views[viewName]!();
      const reply = render(template, language, "reply", view);
      const full = render(template, language, "new", view);
      expect(reply.length).toBeLessThan(full.length);
      expect(plain(reply).length).toBeLessThan(plain(full).length);
    },
  );

  it.each(builtinTemplates.flatMap((t) => TEMPLATE_LANGUAGES.map((language) => ({ t, language }))))(
    "$t.key $language: a reply shows one phone and no photo, email nor legal line",
    ({ t, language }) => {
      const text = plain(render(t, language, "reply", richView()));
      expect(text).toContain(`${LABEL_TEXT[language].tel} +687 41 40 52`);
      expect(text).not.toContain("+687 78 12 45");
      expect(text).not.toContain("kalia.wea@ville-dumbea.nc");
      expect(text).not.toContain("confidentiels");
      expect(render(t, language, "reply", richView())).not.toContain("4f2a9c.jpg");
      // Without a desk phone, the mobile is the one number.
      const mobileOnly = plain(
        render(t, language, "reply", withOverrides({ businessPhone: null })),
      );
      expect(mobileOnly).toContain(`${LABEL_TEXT[language].mobile} +687 78 12 45`);
    },
  );

  it.each(builtinTemplates.flatMap((t) => TEMPLATE_LANGUAGES.map((language) => ({ t, language }))))(
    "$t.key $language: a meeting shows both phones and the banner, no legal line",
    ({ t, language }) => {
      const html = render(t, language, "meeting", richView());
      const text = plain(html);
      expect(text).toContain(`${LABEL_TEXT[language].tel} +687 41 40 52`);
      expect(text).toContain(`${LABEL_TEXT[language].mobile} +687 78 12 45`);
      expect(html).toContain("noel-2025.png");
      expect(text).not.toContain("confidentiels");
    },
  );

  it.each(builtinTemplates)(
    "$key: every variant keeps the banner slot, driven by the data",
    (template) => {
      for (const language of TEMPLATE_LANGUAGES) {
        for (const variant of TEMPLATE_VARIANTS) {
          expect(render(template, language, variant, richView())).toContain("noel-2025.png");
          expect(
            render(template, language, variant, withOverrides({ banner: null })),
          ).not.toContain("noel-2025.png");
        }
      }
    },
  );

  it("only Institutionnel's new message shows the photo", () => {
    for (const { template, language, variant } of cases) {
      const html = render(template, language, variant, richView());
      const expected = template.key === "institutionnel" && variant === "new";
      expect(html.includes("4f2a9c.jpg"), `${template.key}/${language}/${variant}`).toBe(expected);
    }
  });
});

describe("empty optional fields leave nothing dangling", () => {
  function expectClean(html: string, language: TemplateLanguage, id: string): void {
    expect(html, id).not.toMatch(/<tr\b[^>]*>\s*<\/tr>/);
    expect(html, id).not.toMatch(/<td\b[^>]*>\s*<\/td>/);
    expect(html, id).not.toMatch(/<table\b[^>]*>\s*<\/table>/);
    expect(html, id).not.toMatch(/<(?:a|span|b)\b[^>]*>\s*<\/(?:a|span|b)>/);
    expect(html, id).not.toMatch(/(?:href|src|alt|width|height)=""/);
    const text = plain(html);
    expect(text, id).not.toMatch(/\(\s*\)/);
    expect(text, id).not.toMatch(/^\s*\||\|\s*$|\|\s*\|/m);
    expect(text, id).not.toMatch(
      new RegExp(`${escapeRegExp(LABEL_TEXT[language].tel)}\\s*(?:$|\\|)`, "m"),
    );
    expect(text, id).not.toMatch(
      new RegExp(`${escapeRegExp(LABEL_TEXT[language].mobile)}\\s*(?:$|\\|)`, "m"),
    );
  }

  it.each(cases)(
    "$template.key $language $variant: no « Mob. » without a mobile",
    ({ template, language, variant }) => {
      const html = render(template, language, variant, withOverrides({ mobilePhone: null }));
      expect(plain(html)).not.toContain(`${LABEL_TEXT[language].mobile} `);
      expect(html).not.toContain(`>${LABEL_TEXT[language].mobile}<`);
      expectClean(html, language, "no mobile");
    },
  );

  it.each(cases)(
    "$template.key $language $variant: no phone label without phones",
    ({ template, language, variant }) => {
      const html = render(
        template,
        language,
        variant,
        withOverrides({ businessPhone: null, mobilePhone: null }),
      );
      expect(html).not.toContain(`>${LABEL_TEXT[language].tel}<`);
      expect(html).not.toContain(`>${LABEL_TEXT[language].mobile}<`);
      expectClean(html, language, "no phones");
    },
  );

  it.each(cases)(
    "$template.key $language $variant: no pronouns row nor parentheses",
    ({ template, language, variant }) => {
      const withPronouns = render(template, language, variant, richView());
      const without = render(template, language, variant, withOverrides({ pronouns: null }));
      expect(plain(withPronouns)).toContain("Kalïa Wéa (elle)");
      expect(plain(without)).toContain("Kalïa Wéa\n");
      expect(without.match(/<tr\b/g)?.length).toBe(withPronouns.match(/<tr\b/g)?.length);
      expectClean(without, language, "no pronouns");
    },
  );

  it.each(cases)(
    "$template.key $language $variant: minimal view",
    ({ template, language, variant }) => {
      const html = render(template, language, variant, minimalView());
      expectClean(html, language, "minimal");
      expect(plain(html).split("\n")[0]).toBe("Jean-Baptiste Wamytan");
    },
  );

  /** A small deterministic generator, so a failure names a reproducible case. */
  function* subsets(seed: number, count: number, size: number): Generator<boolean[]> {
    let state = seed;
    for (let i = 0; i < count; i++) {
      const bits: boolean[] = [];
      for (let b = 0; b < size; b++) {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        bits.push(state >= 1_073_741_824);
      }
      yield bits;
    }
  }

  it("any combination of empty fields leaves no empty row, label or separator", () => {
    const agentFields = [
      "pronouns",
      "jobTitle",
      "department",
      "mail",
      "businessPhone",
      "mobilePhone",
      "photo",
      "banner",
    ] as const;
    const brandFields = [
      "name",
      "logoUrl",
      "websiteUrl",
      "websiteLabel",
      "facebookUrl",
      "youtubeUrl",
      "appStoreUrl",
      "playStoreUrl",
      "address",
      "legalText",
    ] as const;
    const full = richView();
    full.brand = {
      ...full.brand,
      logoUrl: "https://signatures.ville-dumbea.nc/brand/logo.png",
      logoWidth: 120,
      logoHeight: 40,
      appStoreUrl: "https://apps.apple.com/app/id0000000000",
      playStoreUrl: "https://play.google.com/store/apps/details?id=nc.dumbea.app",
    };
    let checked = 0;
    for (const bits of subsets(20_251_127, 150, agentFields.length + brandFields.length)) {
      const view: SignatureView = { ...full, brand: { ...full.brand } };
      const record = view as unknown as Record<string, unknown>;
      const brand = view.brand as unknown as Record<string, unknown>;
      agentFields.forEach((field, i) => {
        if (bits[i]) record[field] = null;
      });
      brandFields.forEach((field, i) => {
        if (bits[agentFields.length + i]) brand[field] = null;
      });
      for (const { template, language, variant } of cases) {
        const html = render(template, language, variant, view);
        const id = `${template.key}/${language}/${variant} ${bits.map(Number).join("")}`;
        expectClean(html, language, id);
        checked++;
      }
    }
    expect(checked).toBe(150 * cases.length);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("plain-text rendering", () => {
  it("Institutionnel, new message, in French", () => {
    const text = plain(render(builtinTemplates[0]!, "fr", "new", richView()));
    expect(text).toBe(
      [
        "Kalïa Wéa (elle)",
        "Chargée de communication",
        "Direction de la communication",
        "Ville de Dumbéa",
        "",
        "Tél. +687 41 40 52  |  Mob. +687 78 12 45",
        "kalia.wea@ville-dumbea.nc  |  ville-dumbea.nc",
        "44 rue du Général de Gaulle, 98835 Dumbéa",
        "Facebook <https://www.facebook.com/villededumbea>  |  YouTube <https://www.youtube.com/@villededumbea>",
        "",
        "Dumbéa fête Noël — du 13 au 24 décembre <https://www.ville-dumbea.nc/agenda/dumbea-fete-noel>",
        `${defaultBrandKit.legalText}`,
      ].join("\n"),
    );
  });

  it("Institutionnel, reply, in English", () => {
    const text = plain(render(builtinTemplates[0]!, "en", "reply", kitView({ banner: null })));
    expect(text).toBe(
      [
        "Kalïa Wéa (elle)",
        "Chargée de communication",
        "Direction de la communication  |  Ville de Dumbéa",
        "Tel. +687 41 40 52",
      ].join("\n"),
    );
  });

  it("Sobre, new message, in French", () => {
    const text = plain(
      render(findBuiltinTemplate("sobre")!, "fr", "new", kitView({ banner: null })),
    );
    expect(text).toBe(
      [
        "Kalïa Wéa (elle)",
        "Chargée de communication  |  Direction de la communication",
        "Ville de Dumbéa  |  ville-dumbea.nc",
        "Tél. +687 41 40 52  |  Mob. +687 78 12 45  |  kalia.wea@ville-dumbea.nc",
        "",
        `${defaultBrandKit.legalText}`,
      ].join("\n"),
    );
  });

  it("Événementiel, new message, repeats the campaign in a caption with a call to action", () => {
    const text = plain(render(findBuiltinTemplate("evenementiel")!, "fr", "new", richView()));
    expect(text).toContain(
      "Kalïa Wéa (elle)\nChargée de communication  |  Direction de la communication\n",
    );
    expect(text).toContain(
      "Tél. +687 41 40 52  |  Mob. +687 78 12 45  |  kalia.wea@ville-dumbea.nc",
    );
    expect(text).toContain(
      "Dumbéa fête Noël — du 13 au 24 décembre En savoir plus › <https://www.ville-dumbea.nc/agenda/dumbea-fete-noel>",
    );
    expect(text).toContain("Ville de Dumbéa  |  ville-dumbea.nc  |  Facebook");
  });

  it.each(cases)(
    "$template.key $language $variant reads name, title and phone",
    ({ template, language, variant }) => {
      const text = plain(render(template, language, variant, richView()));
      const lines = text.split("\n");
      expect(lines[0]).toBe("Kalïa Wéa (elle)");
      expect(text).toContain("Chargée de communication");
      expect(text).toContain("Direction de la communication");
      expect(text).toContain(`${LABEL_TEXT[language].tel} +687 41 40 52`);
      expect(text).not.toMatch(/&[a-z]+;|\{\{/);
    },
  );
});

describe("defaultBrandKit", () => {
  function luminance(hex: string): number {
    const value = Number.parseInt(hex.slice(1), 16);
    const channel = (shift: number) => {
      const c = ((value >> shift) & 0xff) / 255;
      return c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  }
  /** WCAG 2.x contrast ratio. */
  function contrast(a: string, b: string): number {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  }

  it("computes WCAG ratios like the reference values", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("has valid hex colours, every one readable as text on white (≥ 4.5:1)", () => {
    const colours = {
      primary: defaultBrandKit.primaryColor,
      secondary: defaultBrandKit.secondaryColor,
      text: defaultBrandKit.textColor,
      muted: defaultBrandKit.mutedColor,
    };
    for (const [role, colour] of Object.entries(colours)) {
      expect(colour, role).toMatch(/^#[0-9a-f]{6}$/i);
      expect(contrast(colour!, "#ffffff"), role).toBeGreaterThanOrEqual(4.5);
    }
    // White text on the primary colour (Événementiel's band) is just as readable.
    expect(contrast("#ffffff", defaultBrandKit.primaryColor!)).toBeGreaterThanOrEqual(4.5);
    // The text colour is dark grey, not black, and darker than the muted one.
    expect(contrast(colours.text!, "#ffffff")).toBeGreaterThan(contrast(colours.muted!, "#ffffff"));
  });

  it("describes the Ville de Dumbéa", () => {
    expect(defaultBrandKit).toMatchObject({
      name: "Ville de Dumbéa",
      fontStack: "Arial, Helvetica, sans-serif",
      logoUrl: null,
      websiteUrl: "https://www.ville-dumbea.nc",
      websiteLabel: "ville-dumbea.nc",
      facebookUrl: "https://www.facebook.com/villededumbea",
      youtubeUrl: "https://www.youtube.com/@villededumbea",
      appStoreUrl: null,
      playStoreUrl: null,
      address: "44 rue du Général de Gaulle, 98835 Dumbéa",
    });
    expect(defaultBrandKit.legalText).toMatch(
      /^Ce message et ses pièces jointes sont confidentiels/,
    );
    expect(defaultBrandKit.legalText!.match(/[.!?](?:\s|$)/g)?.length).toBeLessThanOrEqual(2);
    expect(Object.isFrozen(defaultBrandKit)).toBe(true);
  });

  it("withBrandDefaults fills missing or invalid colours and font, and keeps the rest", () => {
    const brand = withBrandDefaults({
      ...defaultBrandKit,
      primaryColor: null,
      secondaryColor: "blue",
      textColor: "#222",
      fontStack: "Arial; background:url(x)",
      facebookUrl: null,
      legalText: null,
    });
    expect(brand.primaryColor).toBe(defaultBrandKit.primaryColor);
    expect(brand.secondaryColor).toBe(defaultBrandKit.secondaryColor);
    expect(brand.textColor).toBe("#222");
    expect(brand.fontStack).toBe(defaultBrandKit.fontStack);
    expect(brand.facebookUrl).toBeNull();
    expect(brand.legalText).toBeNull();
    expect(BRAND_STYLE_FIELDS).toHaveLength(5);
  });

  it("a brand completed by withBrandDefaults renders with no empty style value", () => {
    const bare = withBrandDefaults({
      ...defaultBrandKit,
      primaryColor: null,
      secondaryColor: null,
      textColor: null,
      mutedColor: null,
      fontStack: null,
    });
    for (const { template, language, variant } of cases) {
      const html = render(template, language, variant, kitView({ brand: bare }));
      expect(html).not.toMatch(/(?:color|font-family|background-color):;|bgcolor=""/);
    }
  });
});
