import type { BrandVariants } from "@fluentui/react-components";

/**
 * Dumbéa lagoon blue: a teal-leaning blue around #006F93 (shade 80, the light theme's
 * primary), from near-black navy (10) to a pale lagoon tint (160).
 */
export const dumbeaBrand: BrandVariants = {
  10: "#03141B",
  20: "#05222E",
  30: "#063142",
  40: "#083F55",
  50: "#064B65",
  60: "#045774",
  70: "#026384",
  80: "#006F93",
  90: "#0F7CA0",
  100: "#1F8AAC",
  110: "#2E97B9",
  120: "#4DA8C6",
  130: "#6DBAD2",
  140: "#8CCBDF",
  150: "#B9E0ED",
  160: "#E6F5FA",
};
