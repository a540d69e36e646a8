/** The Relais logo mark, inline so the console loads nothing from elsewhere. */
export function RelaisMark(props: { size?: number }) {
  const size = props.size ?? 32;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path
        d="M10 24V8h6.5a5 5 0 0 1 1.6 9.7L22.5 24h-3.6l-3.9-5.8H13.2V24zm3.2-8.6h3.1a2.2 2.2 0 0 0 0-4.4h-3.1z"
        fill="#fff"
      />
    </svg>
  );
}
