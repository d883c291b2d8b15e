import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "public/sw.js", ".cache/**", "node_modules/**", "data/**", "migrations/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  // React: the rules of hooks (and the React Compiler's checks) and accessibility, on every component.
  {
    files: ["app/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  // Import cycles, resolved like TypeScript does (the `~/` alias, `.ts` extensions). Type-only
  // imports are erased at run time and do not count.
  {
    files: ["app/**/*.{ts,tsx}", "server/**/*.{ts,js}", "collab-server/**/*.ts", "scripts/**/*.ts", "bench/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js", ".jsx", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }] },
  },
  // Thin routes: data access goes through the feature modules (app/features/*/…server.ts), never
  // straight to drizzle from a route. Types from the schema are fine.
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "drizzle-orm", message: "Las rutas no consultan la base: usa una función de app/features/<feature>/*.server.ts.", allowTypeImports: true },
            { name: "~/db/schema", message: "Las rutas no consultan la base: usa una función de app/features/<feature>/*.server.ts.", allowTypeImports: true },
          ],
          patterns: [{ group: ["~/db/schema/*"], message: "Solo tipos del esquema en las rutas.", allowTypeImports: true }],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
