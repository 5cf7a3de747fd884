import { defineConfig } from "vite";

// The bundle the dashboard service serves: relative asset URLs, so it works under any path.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist/web",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
});
