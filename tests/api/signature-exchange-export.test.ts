import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRANSPORT_RULE_NAME,
  EXCHANGE_DISCLAIMER_MAX_CHARACTERS,
  EXCHANGE_DISCLAIMER_TOKENS,
  exportTransportRule,
  RELAIS_SIGNATURE_HEADER,
  type TransportRuleExport,
  type TransportRuleExportInput,
} from "../../api/src/modules/signatures/exchange-export";
import {
  type CompiledTemplate,
  compileTemplate,
  exampleSignatureView,
  type SignatureBrand,
  toPlainText,
} from "../../api/src/modules/signatures/template";

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok)
    throw new Error(`expected the template to compile: ${JSON.stringify(result.errors)}`);
  return result.template;
}

// The kind of table layout the Ville's signatures use: photo or logo on the left, identity and
// contact lines on the right, banner and legal notice underneath.
const TABLE_TEMPLATE = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-family:{{brand.fontStack}};color:{{brand.textColor}}">
  <tr>
    {{#photo}}
    <td valign="top" style="padding:0 16px 0 0">
      <img src="{{photo.url}}" width="{{photo.width}}" height="{{photo.height}}" alt="{{displayName}}" style="display:block;border-radius:48px">
    </td>
    {{/photo}}
    {{^photo}}
    <td valign="top" style="padding:0 16px 0 0">
      <img src="{{brand.logoUrl}}" width="{{brand.logoWidth}}" height="{{brand.logoHeight}}" alt="{{brand.logoAlt}}" style="display:block">
    </td>
    {{/photo}}
    <td valign="top" style="border-left:3px solid {{brand.primaryColor}};padding:0 0 0 16px">
      <!-- identité -->
      <p style="margin:0;font-size:16px;font-weight:bold;color:{{brand.primaryColor}}">
        {{givenName}} {{surname}}{{#pronouns}} <span style="font-weight:normal;color:{{brand.mutedColor}}">({{pronouns}})</span>{{/pronouns}}
      </p>
      {{#jobTitle}}<p style="margin:0">{{jobTitle}}</p>{{/jobTitle}}
      {{#department}}<p style="margin:0;color:{{brand.mutedColor}}">{{department}} – {{companyName}}</p>{{/department}}
      {{#extraLine}}<p style="margin:0;font-style:italic">{{extraLine}}</p>{{/extraLine}}
      <p style="margin:8px 0 0 0">
        {{#businessPhone}}Tél. <a href="{{businessPhoneTel}}" style="color:{{brand.textColor}};text-decoration:none">{{businessPhone}}</a>{{/businessPhone}}
        {{#mobilePhone}} · Mob. <a href="{{mobilePhoneTel}}" style="color:{{brand.textColor}};text-decoration:none">{{mobilePhone}}</a>{{/mobilePhone}}
      </p>
      <p style="margin:0"><a href="mailto:{{mail}}" style="color:{{brand.primaryColor}}">{{mail}}</a></p>
      <p style="margin:0;color:{{brand.mutedColor}}">{{officeLocation}}, {{streetAddress}}, {{postalCode}} {{city}}</p>
      {{#managerName}}<p style="margin:0">Responsable : {{managerName}}, {{managerJobTitle}}</p>{{/managerName}}
      <p style="margin:8px 0 0 0"><a href="{{brand.websiteUrl}}" style="color:{{brand.primaryColor}}">{{brand.websiteLabel}}</a></p>
    </td>
  </tr>
  {{#banner}}
  <tr>
    <td colspan="2" style="padding:12px 0 0 0"><a href="{{banner.clickUrl}}"><img src="{{banner.imageUrl}}" width="{{banner.width}}" height="{{banner.height}}" alt="{{banner.alt}}" style="display:block"></a></td>
  </tr>
  {{/banner}}
  <tr>
    <td colspan="2" style="padding:12px 0 0 0;font-size:11px;color:{{brand.mutedColor}}">{{brand.legalText}}</td>
  </tr>
</table>`;

const HOSTILE_LEGAL_TEXT =
  'Message confidentiel de l\'agent ’ $env:USERNAME `Get-Date` $(Remove-Item C:\\) "cité" Âme Ñ %%HomePhone%% – courriel officiel';

function brand(overrides: Partial<SignatureBrand> = {}): SignatureBrand {
  return { ...exampleSignatureView().brand, ...overrides };
}

function exported(overrides: Partial<TransportRuleExportInput> = {}) {
  const result = exportTransportRule({
    template: compiled(TABLE_TEMPLATE),
    brand: brand({ legalText: HOSTILE_LEGAL_TEXT }),
    ...overrides,
  });
  if (!result.ok) throw new Error(`expected the export to succeed: ${JSON.stringify(result)}`);
  return result;
}

function failed(result: TransportRuleExport) {
  if (result.ok) throw new Error("expected the export to fail");
  return result;
}

/** Decodes the numeric references the export writes, to read the text a recipient sees. */
function decodeReferences(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)));
}

const POWERSHELL_QUOTES = "'\u2018\u2019\u201A\u201B";

/**
 * Reads the single-quoted literal opening at `start` the way PowerShell's tokenizer does: any
 * of its four single-quote characters closes the string unless another one follows, and a
 * doubled quote stands for its second character. Nothing else is special.
 */
function readSingleQuoted(script: string, start: number): { value: string; end: number } {
  if (!POWERSHELL_QUOTES.includes(script[start] ?? "")) throw new Error(`no literal at ${start}`);
  let value = "";
  let index = start + 1;
  while (index < script.length) {
    const character = script[index] ?? "";
    if (POWERSHELL_QUOTES.includes(character)) {
      const next = script[index + 1] ?? "";
      if (!POWERSHELL_QUOTES.includes(next)) return { value, end: index + 1 };
      value += next;
      index += 2;
      continue;
    }
    value += character;
    index += 1;
  }
  throw new Error("unterminated literal");
}

/** The value assigned to `$name` by a `$name = '…'` line, and what follows the literal. */
function assignedLiteral(script: string, name: string): { value: string; rest: string } {
  const prefix = `\n$${name} = `;
  const at = script.indexOf(prefix);
  if (at === -1) throw new Error(`no assignment to $${name}`);
  const { value, end } = readSingleQuoted(script, at + prefix.length);
  return { value, rest: script.slice(end, script.indexOf("\n", end)) };
}

/** The script with comments and single-quoted literals blanked: the code PowerShell runs. */
function codeOutsideLiterals(script: string): string {
  let code = "";
  let index = 0;
  while (index < script.length) {
    const character = script[index] ?? "";
    if (character === "#") {
      const lineEnd = script.indexOf("\n", index);
      index = lineEnd === -1 ? script.length : lineEnd;
    } else if (POWERSHELL_QUOTES.includes(character)) {
      index = readSingleQuoted(script, index).end;
      code += "''";
    } else {
      code += character;
      index += 1;
    }
  }
  return code;
}

describe("exportTransportRule: disclaimer HTML", () => {
  it("puts Exchange's sender tokens where the agent's values go, links included", () => {
    const { html } = exported();

    expect(html).toContain("%%FirstName%% %%LastName%%");
    expect(html).toContain("%%Title%%");
    expect(html).toContain("%%Department%% &#x2013; %%Company%%");
    expect(html).toContain('href="tel:%%Phone%%"');
    expect(html).toContain(">%%Phone%%</a>");
    expect(html).toContain('href="tel:%%MobilePhone%%"');
    expect(html).toContain('href="mailto:%%WindowsEmailAddress%%"');
    expect(html).toContain(">%%WindowsEmailAddress%%</a>");
    expect(html).toContain("%%Office%%, %%StreetAddress%%, %%PostalCode%% %%City%%");
    // Sections of fields Exchange fills stay, since Exchange cannot drop them per sender.
    expect(html).toContain("T&#xE9;l. <a");
    expect(html).toContain(" &#xB7; Mob. <a");
  });

  it("uses exactly the tokens of the New-TransportRule reference", () => {
    const documented = new Set([
      "%%City%%",
      "%%Company%%",
      "%%CountryOrRegion%%",
      "%%Department%%",
      "%%DisplayName%%",
      "%%Fax%%",
      "%%FirstName%%",
      "%%HomePhone%%",
      "%%Initials%%",
      "%%LastName%%",
      "%%Manager%%",
      "%%MobilePhone%%",
      "%%Notes%%",
      "%%Office%%",
      "%%Pager%%",
      "%%Phone%%",
      "%%PostalCode%%",
      "%%PostOfficeBox%%",
      "%%StateOrProvince%%",
      "%%StreetAddress%%",
      "%%Title%%",
      "%%UserPrincipalName%%",
      "%%WindowsEmailAddress%%",
    ]);
    for (const token of Object.values(EXCHANGE_DISCLAIMER_TOKENS)) {
      if (token !== null) expect(documented).toContain(token);
    }
    const tokensInHtml = exported().html.match(/%%[A-Za-z]+%%/g) ?? [];
    expect(tokensInHtml.length).toBeGreaterThan(10);
    for (const token of tokensInHtml) expect(documented).toContain(token);
  });

  it("carries no agent data and no leftover placeholder", () => {
    const { html } = exported();
    const visible = decodeReferences(html);
    const example = exampleSignatureView();
    const agentValues = [
      example.givenName,
      example.surname,
      example.jobTitle,
      example.department,
      example.mail,
      example.businessPhone,
      example.mobilePhone,
      example.extraLine,
      example.managerName,
      example.managerJobTitle,
      example.streetAddress,
      example.postalCode,
      "414052",
      "781245",
      "example-photo",
    ];
    for (const value of agentValues) {
      expect(value).toBeTruthy();
      expect(visible).not.toContain(value);
    }
    expect(html).not.toMatch(/relais[0-9a-f]{24}/);
    expect(html).not.toMatch(/tel:\+?\d/);
  });

  it("drops the photo section and the fields Exchange cannot fill", () => {
    const { html } = exported();

    expect(html).not.toContain("border-radius:48px");
    expect(html).toContain('src="https://intranet.ville-dumbea.nc/assets/example-logo.png"');
    expect(html).not.toContain("Responsable");
    expect(html).not.toContain("font-style:italic");
    expect(html).not.toContain("font-weight:normal");
  });

  it("renders a static banner only when one is given", () => {
    expect(exported().html).not.toContain("example-banner");
    const withBanner = exported({ banner: exampleSignatureView().banner ?? null });
    expect(withBanner.html).toContain(
      '<a href="https://www.ville-dumbea.nc/"><img src="https://intranet.ville-dumbea.nc/assets/example-banner.png"',
    );
  });

  it("minifies without changing what is rendered", () => {
    const { html } = exported();

    expect(html).not.toMatch(/[\n\r\t]/);
    expect(html).not.toMatch(/> +</);
    expect(html).not.toContain("<!--");
    expect(html).toMatch(/^<table role="presentation"/);
    expect(html).toContain('<tr><td colspan="2"');
    // Spaces between inline content survive.
    expect(html).toContain('">%%FirstName%% %%LastName%%</p>');
    expect(toPlainText(html)).toContain("Tél. %%Phone%% · Mob. %%MobilePhone%%");
  });

  it("keeps Outlook's conditional comments", () => {
    const template = compiled(
      '<!--[if mso]><table role="presentation"><tr><td><![endif]-->\n  <p>{{displayName}}</p>\n<!--[if mso]></td></tr></table><![endif]--><!-- note -->',
    );
    const { html } = exported({ template });
    expect(html).toBe(
      '<!--[if mso]><table role="presentation"><tr><td><![endif]--><p>%%DisplayName%%</p><!--[if mso]></td></tr></table><![endif]-->',
    );
  });

  it("writes ASCII only, non-ASCII characters as numeric references", () => {
    const { html } = exported();

    expect(html).toMatch(/^[\x20-\x7E]*$/);
    expect(decodeReferences(html)).toContain("Âme Ñ");
    expect(decodeReferences(html)).toContain("Ville de Dumbéa");
  });

  it("lets no template or brand text reach Exchange as a token", () => {
    const template = compiled("<p>{{displayName}} %%Notes%% {{brand.legalText}}</p>");
    const { html } = exported({ template, brand: brand({ legalText: "%%%HomePhone%%%" }) });

    expect(html.match(/%%[A-Za-z]+%%/g)).toEqual(["%%DisplayName%%"]);
    expect(decodeReferences(html)).toBe("<p>%%DisplayName%% %%Notes%% %%%HomePhone%%%</p>");
  });

  it("fits the realistic template under Exchange's cap", () => {
    const result = exported({ banner: exampleSignatureView().banner ?? null });

    expect(result.characters).toBe(result.html.length);
    expect(result.characters).toBeLessThanOrEqual(EXCHANGE_DISCLAIMER_MAX_CHARACTERS);
  });

  it("refuses a disclaimer over 5,000 characters and says by how much", () => {
    const row =
      '<tr><td style="padding:4px 0 0 0;font-size:11px;color:{{brand.mutedColor}}">Direction des services techniques, pôle voirie et réseaux</td></tr>';
    const template = compiled(
      `<table role="presentation">${row.repeat(40)}<tr><td>{{displayName}}</td></tr></table>`,
    );
    const result = failed(exportTransportRule({ template, brand: brand() }));

    expect(result.code).toBe("too_long");
    expect(result.characters).toBeGreaterThan(EXCHANGE_DISCLAIMER_MAX_CHARACTERS);
    expect(result.message.fr).toContain(`${result.characters.toLocaleString("fr-FR")} caractères`);
    expect(result.message.fr).toContain((5000).toLocaleString("fr-FR"));
    expect(result.message.en).toContain(result.characters.toLocaleString("en-US"));
  });

  it("refuses a template that renders nothing", () => {
    const template = compiled("{{#pronouns}}<p>{{pronouns}}</p>{{/pronouns}}\n");
    expect(failed(exportTransportRule({ template, brand: brand() })).code).toBe("empty");
  });
});

describe("exportTransportRule: PowerShell", () => {
  it("embeds the disclaimer in a single-quoted literal that PowerShell reads back verbatim", () => {
    const result = exported();
    const { value, rest } = assignedLiteral(result.powershell, "disclaimer");

    expect(value).toBe(result.html);
    expect(rest).toBe("");
    expect(value).toContain("$env:USERNAME");
    expect(value).toContain("$(Remove-Item C:\\)");
    expect(value).toContain("&#x60;Get-Date&#x60;");
  });

  it("keeps quotes inside the literal when the template has raw ones", () => {
    const template = compiled(
      '<p style="font-family:\'Segoe UI\',Arial">{{displayName}} l\'agent ’ ‘ ‚ ‛ `$env:USERNAME` "x"</p>',
    );
    const result = exported({ template });
    const { value, rest } = assignedLiteral(result.powershell, "disclaimer");

    expect(value).toBe(result.html);
    expect(rest).toBe("");
    expect(result.powershell).toContain("font-family:''Segoe UI'',Arial");
    expect(decodeReferences(value)).toContain('l\'agent ’ ‘ ‚ ‛ `$env:USERNAME` "x"');
  });

  it("runs no double-quoted string, subexpression or escape outside the literals", () => {
    const { powershell } = exported({ conversationMarker: "courriel officiel" });
    const code = codeOutsideLiterals(powershell);

    expect(code).not.toMatch(/["`]/);
    expect(code).not.toContain("$(");
    expect(code).not.toContain("$env");
  });

  it("keeps every line of code ASCII, French only in the comment", () => {
    const lines = exported().powershell.split("\n");
    const comments = lines.filter((line) => line.startsWith("#"));

    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/^# Relais : installe ou met à jour la règle de transport/);
    for (const line of lines.filter((entry) => !entry.startsWith("#"))) {
      expect(line).toMatch(/^[\x20-\x7E]*$/);
    }
  });

  it("creates or updates the rule idempotently with the documented parameters", () => {
    const { powershell } = exported();

    expect(powershell).toContain("\nConnect-ExchangeOnline\n");
    expect(assignedLiteral(powershell, "ruleName").value).toBe(DEFAULT_TRANSPORT_RULE_NAME);
    expect(powershell).toContain(
      "\nif (Get-TransportRule -Identity $ruleName -ErrorAction SilentlyContinue) {\n    Set-TransportRule -Identity $ruleName @settings",
    );
    expect(powershell).toContain("} else {\n    New-TransportRule -Name $ruleName @settings\n}");
    for (const setting of [
      "FromScope = 'InOrganization'",
      "ApplyHtmlDisclaimerLocation = 'Append'",
      "ApplyHtmlDisclaimerText = $disclaimer",
      "ApplyHtmlDisclaimerFallbackAction = 'Wrap'",
    ]) {
      expect(powershell).toContain(`\n    ${setting}\n`);
    }
    expect(powershell).not.toContain("SentToScope = ");
  });

  it("excepts messages carrying the add-in's header", () => {
    const { powershell } = exported();

    expect(RELAIS_SIGNATURE_HEADER).toEqual({ name: "X-Relais-Signature", value: "inserted" });
    expect(powershell).toContain(
      "\n    ExceptIfHeaderContainsMessageHeader = 'X-Relais-Signature'\n",
    );
    expect(powershell).toContain("\n    ExceptIfHeaderContainsWords = 'inserted'\n");

    const custom = exported({ signedHeader: { name: "X-Dumbea-Signed", value: "yes" } });
    expect(custom.powershell).toContain("ExceptIfHeaderContainsMessageHeader = 'X-Dumbea-Signed'");
    expect(custom.powershell).toContain("ExceptIfHeaderContainsWords = 'yes'");
  });

  it("limits the rule to external recipients on request", () => {
    const { powershell } = exported({ scope: "external" });

    expect(powershell).toContain("\n    SentToScope = 'NotInOrganization'\n");
    expect(powershell).not.toContain("-SentToScope $null");
  });

  it("adds the one-per-conversation exception only with a marker found in the signature", () => {
    const withMarker = exported({ conversationMarker: "courriel officiel" });
    expect(withMarker.powershell).toContain(
      "\n    ExceptIfSubjectOrBodyContainsWords = 'courriel officiel'\n",
    );
    expect(withMarker.powershell).not.toContain("-ExceptIfSubjectOrBodyContainsWords $null");

    const without = exported();
    expect(without.powershell).not.toContain("ExceptIfSubjectOrBodyContainsWords = ");
    expect(without.powershell).toContain("-ExceptIfSubjectOrBodyContainsWords $null");

    const absent = exportTransportRule({
      template: compiled(TABLE_TEMPLATE),
      brand: brand(),
      conversationMarker: "courriel officiel",
    });
    expect(failed(absent).code).toBe("marker_not_in_disclaimer");
    // A token's name is not the signature's text.
    const tokenName = exportTransportRule({
      template: compiled(TABLE_TEMPLATE),
      brand: brand(),
      conversationMarker: "WindowsEmailAddress",
    });
    expect(failed(tokenName).code).toBe("marker_not_in_disclaimer");
  });
});

describe("exportTransportRule: validation", () => {
  function codeFor(overrides: Partial<TransportRuleExportInput>) {
    const result = exportTransportRule({
      template: compiled(TABLE_TEMPLATE),
      brand: brand(),
      ...overrides,
    });
    return result.ok ? "ok" : result.code;
  }

  it("accepts safe rule names and refuses the rest", () => {
    expect(codeFor({ ruleName: "Relais (secours) v2.1_mobile" })).toBe("ok");
    expect(codeFor({ ruleName: "R".repeat(64) })).toBe("ok");
    for (const ruleName of [
      "",
      " Relais",
      "Relais ",
      "R".repeat(65),
      "Signature Dumbéa",
      "Relais'; Remove-TransportRule -Identity * -Confirm:$false; '",
      "Relais ’ secours",
      "Relais $env:USERNAME",
      "Relais `n",
      'Relais "secours"',
      "Relais\nsecours",
    ]) {
      expect(codeFor({ ruleName }), ruleName).toBe("invalid_rule_name");
    }
  });

  it("accepts RFC 5322 header names and refuses the rest", () => {
    expect(codeFor({ signedHeader: { name: "X-Relais-Signature", value: "inserted" } })).toBe("ok");
    for (const name of [
      "",
      "X Relais",
      "X-Relais:",
      "X-Reläis",
      "X-Relais\r\nBcc",
      "X".repeat(65),
    ]) {
      expect(codeFor({ signedHeader: { name, value: "inserted" } }), name).toBe(
        "invalid_header_name",
      );
    }
    for (const value of ["", "inserted yes", "inserted'", "insérée", "v".repeat(65)]) {
      expect(codeFor({ signedHeader: { name: "X-Relais-Signature", value } }), value).toBe(
        "invalid_header_value",
      );
    }
  });

  it("refuses a marker that Exchange could not match as typed", () => {
    for (const conversationMarker of ["ab", " courriel", "pièces jointes", "a'b", "%%Title%%"]) {
      expect(codeFor({ conversationMarker }), conversationMarker).toBe("invalid_marker");
    }
  });

  it("explains the limits of a transport-rule signature in both languages", () => {
    const { notes } = exported();
    const french = notes.map((note) => note.fr).join("\n");

    expect(notes.every((note) => note.fr !== "" && note.en !== "")).toBe(true);
    expect(french).toContain("{{pronouns}}, {{extraLine}}, {{managerName}}, {{managerJobTitle}}");
    expect(french).toContain("{{#photo}}");
    expect(french).toContain("X-Relais-Signature: inserted");
    expect(french).toContain("masquer une ligne vide");
  });
});
