import { makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useRef, useState } from "react";

const useStyles = makeStyles({
  frame: {
    display: "block",
    width: "100%",
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    // A signature is read on white paper, whatever the pane's theme.
    backgroundColor: "#ffffff",
  },
});

const minHeight = 80;
const maxHeight = 480;

/**
 * The signature's HTML as a document of its own: its styles cannot leak into the pane, and
 * no script in it runs, ever (the meta policy and the sandbox both forbid them).
 */
export function previewDocument(html: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'\">",
    "<style>body{margin:8px;background:#fff;color:#000;font-family:Arial,sans-serif}</style>",
    `</head><body>${html}</body></html>`,
  ].join("");
}

export interface SignaturePreviewProps {
  html: string;
  /** The frame's accessible name. */
  title: string;
}

/** The rendered signature, sandboxed, as tall as its content. */
export function SignaturePreview(props: SignaturePreviewProps) {
  const styles = useStyles();
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(minHeight);

  const fitContent = useCallback(() => {
    const content = frame.current?.contentDocument?.documentElement;
    if (content) setHeight(Math.min(maxHeight, Math.max(minHeight, content.scrollHeight + 2)));
  }, []);

  return (
    <iframe
      ref={frame}
      className={styles.frame}
      title={props.title}
      // Same origin without scripts lets the pane measure the content; nothing in it can run.
      sandbox="allow-same-origin"
      referrerPolicy="no-referrer"
      srcDoc={previewDocument(props.html)}
      style={{ height }}
      onLoad={fitContent}
      data-testid="signature-preview"
    />
  );
}
