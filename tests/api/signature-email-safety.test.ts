import { rawData } from "caniemail";
import { describe, expect, it } from "vitest";
import {
  CANIEMAIL_OVERRIDES,
  checkEmailSafety,
  EMAIL_CLIENTS,
  type EmailSafetyIssueCode,
  type EmailSafetyReport,
} from "../../api/src/modules/signatures/email-safety";
import { DETECTION_CLIENTS } from "../../api/src/modules/signatures/email-safety/clients";

const GOOD_SIGNATURE = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="480" style="border-collapse:collapse;font-family:Arial, Helvetica, sans-serif;">
  <tr>
    <td width="96" valign="top" style="padding:0 16px 0 0;">
      <a href="https://www.ville-exemple.fr" target="_blank"><img src="https://cdn.ville-exemple.fr/signatures/photo.png" width="80" height="80" alt="Photo de Marie Dupont" style="display:block;border:0;"></a>
    </td>
    <td valign="top" bgcolor="#f4f6f8" style="background-color:#f4f6f8;padding:8px;">
      <table role="presentation" cellpadding="0" cellspacing="0" border="0">
        <tr><td style="font-size:16px;line-height:20px;mso-line-height-rule:exactly;color:#1a1a1a;font-weight:bold;">Marie Dupont</td></tr>
        <tr><td style="font-size:13px;line-height:18px;mso-line-height-rule:exactly;color:#555555;text-align:left;">Directrice de la communication</td></tr>
        <tr><td style="font-size:13px;line-height:18px;mso-line-height-rule:exactly;padding:6px 0 0 0;">
          <a href="tel:+33123456789" style="color:#0055a4;text-decoration:none;">01 23 45 67 89</a> &middot;
          <a href="mailto:marie.dupont@ville-exemple.fr" style="color:#0055a4;text-decoration:underline;">marie.dupont@ville-exemple.fr</a>
        </td></tr>
        <tr><td style="padding:8px 0 0 0;"><img src="https://cdn.ville-exemple.fr/signatures/logo.png" width="120" height="40" alt="Ville d'Exemple" style="display:block;border:0;"></td></tr>
      </table>
    </td>
  </tr>
</table>`;

const img = (attributes: string) => `<img ${attributes}>`;
const okImg = (src: string) => img(`src="${src}" width="120" height="40" alt="Logo"`);

function codes(report: EmailSafetyReport): EmailSafetyIssueCode[] {
  return report.issues.map((issue) => issue.code);
}

function issueFor(report: EmailSafetyReport, code: EmailSafetyIssueCode, feature?: string) {
  const issue = report.issues.find(
    (i) => i.code === code && (feature === undefined || i.feature === feature),
  );
  expect(issue, `${code} ${feature ?? ""} in ${JSON.stringify(codes(report))}`).toBeDefined();
  return issue!;
}

/** Pads with an HTML comment so the markup stays the good signature. */
function padTo(html: string, characters: number, filler = "x"): string {
  const room = characters - html.length - "<!---->".length;
  return `${html}<!--${filler.repeat(room)}-->`;
}

describe("checkEmailSafety on a good table-layout signature", () => {
  it("passes with no issue at all", () => {
    const report = checkEmailSafety(GOOD_SIGNATURE);
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.characters).toBe(GOOD_SIGNATURE.length);
    expect(report.bytes).toBe(Buffer.byteLength(GOOD_SIGNATURE));
  });

  it("gives the same report when called again", () => {
    expect(checkEmailSafety(GOOD_SIGNATURE)).toEqual(checkEmailSafety(GOOD_SIGNATURE));
  });
});

describe("own structural rules", () => {
  const cases: Array<{
    rule: string;
    html: string;
    code: EmailSafetyIssueCode;
    severity: "error" | "warning";
  }> = [
    {
      rule: "image without dimensions",
      html: img('src="https://x.fr/a.png" alt=""'),
      code: "img-dimensions-missing",
      severity: "error",
    },
    {
      rule: "image with a percentage width",
      html: img('src="https://x.fr/a.png" width="100%" height="40" alt=""'),
      code: "img-dimensions-missing",
      severity: "error",
    },
    {
      rule: "image with a px width",
      html: img('src="https://x.fr/a.png" width="120px" height="40" alt=""'),
      code: "img-dimensions-missing",
      severity: "error",
    },
    {
      rule: "image over http",
      html: okImg("http://cdn.x.fr/a.png"),
      code: "img-src-not-https",
      severity: "error",
    },
    {
      rule: "image with a relative URL",
      html: okImg("/assets/a.png"),
      code: "img-src-not-https",
      severity: "error",
    },
    {
      rule: "image with a protocol-relative URL",
      html: okImg("//cdn.x.fr/a.png"),
      code: "img-src-not-https",
      severity: "error",
    },
    {
      rule: "image without src",
      html: img('width="120" height="40" alt=""'),
      code: "img-src-not-https",
      severity: "error",
    },
    {
      rule: "cid: image",
      html: okImg("cid:logo@relais"),
      code: "img-src-embedded",
      severity: "error",
    },
    {
      rule: "data: image",
      html: okImg("data:image/png;base64,iVBORw0KGgo="),
      code: "img-src-embedded",
      severity: "error",
    },
    {
      rule: "SVG image",
      html: okImg("https://x.fr/logo.svg"),
      code: "img-format-unsupported",
      severity: "error",
    },
    {
      rule: "WebP image with a query string",
      html: okImg("https://x.fr/logo.WEBP?v=2"),
      code: "img-format-unsupported",
      severity: "error",
    },
    {
      rule: "SVG data image",
      html: okImg("data:image/svg+xml;base64,PHN2Zz4="),
      code: "img-format-unsupported",
      severity: "error",
    },
    {
      rule: "image without alt",
      html: img('src="https://x.fr/a.png" width="120" height="40"'),
      code: "img-alt-missing",
      severity: "warning",
    },
    {
      rule: "<script>",
      html: "<p>a</p><script>alert(1)</script>",
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "<style>",
      html: "<style>p{color:red}</style><p>a</p>",
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "<link>",
      html: '<link rel="stylesheet" href="https://x.fr/a.css"><p>a</p>',
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "<form>",
      html: '<form action="https://x.fr"><p>a</p></form>',
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "<iframe>",
      html: '<iframe src="https://x.fr"></iframe>',
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "inline <svg>",
      html: '<svg width="10" height="10"><rect width="10" height="10"/></svg>',
      code: "forbidden-element",
      severity: "error",
    },
    {
      rule: "onclick attribute",
      html: '<a href="https://x.fr" onclick="track()">a</a>',
      code: "event-handler-attribute",
      severity: "error",
    },
    {
      rule: "onerror attribute on an image",
      html: img('src="https://x.fr/a.png" width="1" height="1" alt="" onerror="x()"'),
      code: "event-handler-attribute",
      severity: "error",
    },
    {
      rule: "entity-encoded javascript: link",
      html: '<a href="&#106;avascript:alert(1)">a</a>',
      code: "script-url",
      severity: "error",
    },
    {
      rule: "div flex layout",
      html: '<div style="display:flex"><div>a</div><div>b</div></div>',
      code: "css-flex-grid-layout",
      severity: "error",
    },
    {
      rule: "div inline-grid layout",
      html: '<div style="display: inline-grid !important">a</div>',
      code: "css-flex-grid-layout",
      severity: "error",
    },
    {
      rule: "CSS position",
      html: '<div style="position:relative;top:2px">a</div>',
      code: "css-position",
      severity: "error",
    },
    {
      rule: "table without role",
      html: '<table cellpadding="0" cellspacing="0" border="0"><tr><td>a</td></tr></table>',
      code: "table-role-missing",
      severity: "warning",
    },
    {
      rule: "table without spacing attributes",
      html: '<table role="presentation"><tr><td>a</td></tr></table>',
      code: "table-attributes-missing",
      severity: "warning",
    },
    {
      rule: "cell coloured in CSS only",
      html: '<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background-color:#eeeeee">a</td></tr></table>',
      code: "cell-bgcolor-missing",
      severity: "warning",
    },
    {
      rule: "cell coloured through the background shorthand",
      html: '<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background:navy">a</td></tr></table>',
      code: "cell-bgcolor-missing",
      severity: "warning",
    },
    {
      rule: "http link",
      html: '<a href="http://x.fr">a</a>',
      code: "link-href-invalid",
      severity: "warning",
    },
    { rule: "link without href", html: "<a>a</a>", code: "link-href-invalid", severity: "warning" },
    {
      rule: "local anchor link",
      html: '<a href="#top">a</a>',
      code: "link-href-invalid",
      severity: "warning",
    },
  ];

  it.each(cases)("reports $code ($severity) for $rule", ({ html, code, severity }) => {
    const report = checkEmailSafety(html);
    const issue = issueFor(report, code);
    expect(issue.severity).toBe(severity);
    expect(issue.message.fr).not.toBe("");
    expect(issue.message.en).not.toBe("");
    expect(issue.excerpt).toMatch(/^</);
    if (severity === "error") expect(report.ok).toBe(false);
  });

  it("names the forbidden element and the event handler", () => {
    expect(issueFor(checkEmailSafety("<iframe></iframe>"), "forbidden-element").feature).toBe(
      "<iframe>",
    );
    const report = checkEmailSafety('<td onmouseover="x()">a</td>');
    expect(issueFor(report, "event-handler-attribute").feature).toBe("onmouseover");
  });

  it("lists the missing table attributes", () => {
    const report = checkEmailSafety(
      '<table role="presentation" border="0"><tr><td>a</td></tr></table>',
    );
    expect(issueFor(report, "table-attributes-missing").feature).toBe("cellpadding, cellspacing");
  });

  it("accepts https, mailto: and tel: links", () => {
    const report = checkEmailSafety(
      '<a href="https://x.fr/a?b=c">a</a><a href="mailto:a@x.fr">b</a><a href="tel:+33100000000">c</a>',
    );
    expect(codes(report)).not.toContain("link-href-invalid");
  });

  it("accepts an empty alt on decorative images", () => {
    expect(codes(checkEmailSafety(okImg("https://x.fr/a.png").replace('"Logo"', '""')))).toEqual(
      [],
    );
  });

  it("does not ask for bgcolor on cells without a background colour", () => {
    const table = (style: string) =>
      `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="${style}">a</td></tr></table>`;
    for (const style of ["background-color:transparent", "color:#ff0000", "padding:4px"]) {
      expect(codes(checkEmailSafety(table(style)))).not.toContain("cell-bgcolor-missing");
    }
  });

  it("allows http://localhost and http://127.0.0.1 only with allowLocalHttp", () => {
    for (const src of ["http://localhost:5173/logo.png", "http://127.0.0.1/logo.png"]) {
      expect(codes(checkEmailSafety(okImg(src)))).toContain("img-src-not-https");
      expect(codes(checkEmailSafety(okImg(src), { allowLocalHttp: true }))).toEqual([]);
    }
    expect(
      codes(checkEmailSafety(okImg("http://cdn.x.fr/logo.png"), { allowLocalHttp: true })),
    ).toContain("img-src-not-https");
  });

  it("rejects embedded images whatever the options, without also calling them not https", () => {
    const report = checkEmailSafety(okImg("cid:logo"), { allowLocalHttp: true });
    expect(codes(report)).toEqual(["img-src-embedded"]);
  });

  it("lists errors before warnings", () => {
    const report = checkEmailSafety(
      `<a href="http://x.fr">a</a>${img('src="https://x.fr/a.png" alt=""')}`,
    );
    expect(report.issues.map((i) => i.severity)).toEqual(["error", "warning"]);
  });
});

describe("size limits", () => {
  it("accepts up to Outlook's 30,000 characters and rejects beyond", () => {
    for (const length of [29_999, 30_000]) {
      const report = checkEmailSafety(padTo(GOOD_SIGNATURE, length));
      expect(report.characters).toBe(length);
      expect(codes(report)).not.toContain("size-limit-exceeded");
      expect(report.ok).toBe(true);
    }
    const report = checkEmailSafety(padTo(GOOD_SIGNATURE, 30_001));
    expect(report.characters).toBe(30_001);
    expect(issueFor(report, "size-limit-exceeded").severity).toBe("error");
    expect(report.ok).toBe(false);
  });

  it("warns above the 8 KB target, counted in UTF-8 bytes", () => {
    expect(codes(checkEmailSafety(padTo(GOOD_SIGNATURE, 8_192)))).not.toContain("size-over-target");
    const over = checkEmailSafety(padTo(GOOD_SIGNATURE, 8_193));
    expect(issueFor(over, "size-over-target").severity).toBe("warning");
    expect(over.ok).toBe(true);

    const accented = padTo(GOOD_SIGNATURE, 6_000, "é");
    const report = checkEmailSafety(accented);
    expect(report.characters).toBe(6_000);
    expect(report.bytes).toBeGreaterThan(8_192);
    expect(codes(report)).toContain("size-over-target");
  });
});

describe("email client support (caniemail)", () => {
  it("exposes the checked clients with their display names", () => {
    expect(EMAIL_CLIENTS.map((c) => c.key)).toEqual([
      "outlook.windows",
      "outlook.outlook-com",
      "gmail.desktop-webmail",
      "apple-mail.macos",
      "apple-mail.ios",
      "gmail.ios",
      "gmail.android",
    ]);
    expect(EMAIL_CLIENTS.filter((c) => !c.blocking).map((c) => c.key)).toEqual([
      "gmail.ios",
      "gmail.android",
    ]);
    for (const client of EMAIL_CLIENTS) {
      expect(client.name.fr).not.toBe("");
      expect(client.name.en).not.toBe("");
    }
  });

  it("fails a flexbox layout with an error naming Outlook for Windows", () => {
    const report = checkEmailSafety(
      '<div style="display:flex;gap:12px"><div>Marie Dupont</div><div>Mairie</div></div>',
    );
    expect(report.ok).toBe(false);
    const issue = issueFor(report, "client-unsupported", "display:flex");
    expect(issue.severity).toBe("error");
    expect(issue.clients).toContain("outlook.windows");
    expect(issue.message.en).toContain("Outlook for Windows");
    expect(issue.message.fr).toContain("Outlook pour Windows");
    expect(issue.excerpt).toBe('<div style="display:flex;gap:12px">');
  });

  it("reports Outlook.com verdicts, which the checker itself cannot be asked for", () => {
    const report = checkEmailSafety('<video src="https://x.fr/v.mp4" width="320"></video>');
    const issue = issueFor(report, "client-unsupported", "<video> element");
    expect(issue.clients).toContain("outlook.outlook-com");
    expect(issue.message.en).toContain("Outlook.com");
  });

  it("warns about partial support", () => {
    const report = checkEmailSafety('<p style="margin:0 0 8px 0">Marie Dupont</p>');
    const issue = issueFor(report, "client-partial", "margin");
    expect(issue.severity).toBe("warning");
    expect(issue.clients).toContain("outlook.windows");
    expect(report.ok).toBe(true);
  });

  it("only warns about features missing in the Gmail mobile apps", () => {
    const report = checkEmailSafety('<a href="#contact">Contact</a><a name="contact"></a>');
    const issue = issueFor(report, "client-unsupported", "Local anchors");
    expect(issue.severity).toBe("warning");
    expect(issue.clients).toEqual(["gmail.ios"]);
  });

  it("reports CSS used in <style> blocks, with no misplaced excerpt", () => {
    const report = checkEmailSafety(
      '<style>a:hover{color:red}</style><a href="https://x.fr">a</a>',
    );
    const issue = issueFor(report, "client-unsupported", ":hover");
    expect(issue.severity).toBe("error");
    expect(issue.excerpt).toBeUndefined();
  });

  it("downgrades cosmetic or ignorable gaps to warnings", () => {
    const report = checkEmailSafety(
      `${okImg("https://x.fr/photo.png").replace(">", ' style="border-radius:40px">')}<span style="white-space:nowrap">01 23 45 67 89</span>`,
    );
    expect(issueFor(report, "client-unsupported", "border-radius").severity).toBe("warning");
    expect(issueFor(report, "client-unsupported", "white-space").severity).toBe("warning");
    expect(report.ok).toBe(true);
  });

  it("drops caniemail's substring matches of longer property names", () => {
    const report = checkEmailSafety('<p style="text-transform:uppercase;max-width:300px">a</p>');
    const features = report.issues.map((i) => i.feature);
    expect(features).toContain("text-transform");
    expect(features).not.toContain("transform");
    expect(features).not.toContain("width property");
  });

  it("ignores caveats the markup avoids, and keeps them when it does not", () => {
    const lineHeight = (extra: string) =>
      checkEmailSafety(
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="line-height:18px${extra}">a</td></tr></table>`,
      );
    expect(codes(lineHeight(";mso-line-height-rule:exactly"))).toEqual([]);
    expect(issueFor(lineHeight(""), "client-partial", "line-height").severity).toBe("warning");

    expect(
      checkEmailSafety('<div style="padding:8px">a</div>').issues.map((i) => i.feature),
    ).toContain("padding");
    expect(
      checkEmailSafety(
        '<a href="https://x.fr" style="text-decoration:underline overline">a</a>',
      ).issues.map((i) => i.feature),
    ).toContain("text-decoration");
  });

  it("lists only overrides for features caniemail knows", () => {
    const titles = new Set(rawData.data.map((feature) => feature.title));
    for (const override of CANIEMAIL_OVERRIDES) {
      for (const feature of override.features) expect(titles, feature).toContain(feature);
      expect(override.reason).not.toBe("");
    }
  });

  it("runs the checker with clients that flag every feature a target client lacks", () => {
    const supportOf = (stats: unknown, key: string) => {
      const [family = "", platform = ""] = key.split(".");
      const versions = (stats as Record<string, Record<string, Record<string, string>>>)[family]?.[
        platform
      ];
      if (!versions) return undefined;
      return versions[Object.keys(versions).sort().at(-1)!]!;
    };
    for (const feature of rawData.data) {
      const detected = DETECTION_CLIENTS.map((key) => supportOf(feature.stats, key));
      expect(detected, `${feature.title} has data for every detection client`).not.toContain(
        undefined,
      );
      const lacking = EMAIL_CLIENTS.some((c) => {
        const status = supportOf(feature.stats, c.key);
        return status !== undefined && !status.startsWith("y");
      });
      if (lacking) {
        expect(
          detected.some((status) => !status!.startsWith("y")),
          `${feature.title} is flagged by a detection client`,
        ).toBe(true);
      }
    }
  });

  it("keeps checking when the CSS is malformed", () => {
    const inline = checkEmailSafety('<p style="color">a</p><div style="display:flex">b</div>');
    expect(issueFor(inline, "client-check-failed").severity).toBe("warning");
    expect(codes(inline)).toContain("css-flex-grid-layout");

    const block = checkEmailSafety(
      '<style><!-- p { color: red } --></style><div style="display:flex">b</div>',
    );
    expect(codes(block)).toEqual(
      expect.arrayContaining(["forbidden-element", "css-flex-grid-layout", "client-unsupported"]),
    );
  });
});
